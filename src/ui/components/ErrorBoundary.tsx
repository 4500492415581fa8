import { Component, type ReactNode } from 'react';

interface Props {
  /** Shown instead of the children after an error, with the error's message. */
  readonly fallback: (message: string, reset: () => void) => ReactNode;
  readonly children: ReactNode;
  /** When it changes, a shown error is cleared and the children are tried again. */
  readonly resetKey?: unknown;
}

/** Keeps a failing dialog or page (e.g. a chunk that cannot load after an update) from blanking the app. */
export class ErrorBoundary extends Component<Props, { message: string | null }> {
  override state = { message: null as string | null };

  static getDerivedStateFromError(e: unknown): { message: string } {
    return { message: e instanceof Error ? e.message : String(e) };
  }

  override componentDidCatch(e: unknown): void {
    console.error(e);
  }

  override componentDidUpdate(prev: Props): void {
    if (prev.resetKey !== this.props.resetKey && this.state.message !== null) this.setState({ message: null });
  }

  override render(): ReactNode {
    return this.state.message !== null ? this.props.fallback(this.state.message, () => this.setState({ message: null })) : this.props.children;
  }
}
