// Text from a file reaches the reviewer's terminal in the command's messages (a unit's code, a property
// name). A control character there is an attack on the terminal, not data: ESC sequences can clear the
// screen, retitle the window or hide the lines before them, a CR or LF splits one message into two, and
// bidirectional overrides show text in another order than it is. Each is written as a visible escape.

/** C0 and C1 controls, DEL, line and paragraph separators, bidirectional embeddings and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is what this is for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of output with every control character shown as \uXXXX. */
export function printable(line: string): string {
  return line.replace(UNPRINTABLE, escape);
}

/** Lines of output (the command's own line breaks kept), each made printable. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
