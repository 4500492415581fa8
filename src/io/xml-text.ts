// Text into XML 1.0 so that every parser reads back what was written. Markup characters are escaped;
// CR (which parsers turn into LF), NEL and LINE SEPARATOR (which @xmldom/xmldom, like XML 1.1, takes
// as line ends) and, in attributes, TAB and LF (which parsers turn into spaces) are written as character
// references, which no parser normalises. Characters XML 1.0 cannot carry at all (C0 controls other than TAB,
// LF, CR; U+FFFE, U+FFFF; lone surrogates) make the whole file unreadable to GDAL and others ("not
// well-formed (invalid token)"), so they become U+FFFD and the caller warns.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'gu');

const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\t': '&#9;', '\n': '&#10;',
  '\u0085': '&#133;', '\u2028': '&#8232;',
};

export interface XmlText {
  readonly xml: string;
  /** Characters XML cannot hold were replaced by U+FFFD. */
  readonly replaced: boolean;
}

/** `s` escaped for element content (attribute: true for an attribute value in double quotes). */
export function xmlText(s: string, attribute = false): XmlText {
  const replaced = NOT_XML.test(s);
  const clean = replaced ? s.replace(NOT_XML_ALL, '\uFFFD') : s;
  const xml = clean.replace(attribute ? /[&<>"'\r\t\n\u0085\u2028]/g : /[&<>"'\r\u0085\u2028]/g, (ch) => ENTITY[ch]!);
  return { xml, replaced };
}
