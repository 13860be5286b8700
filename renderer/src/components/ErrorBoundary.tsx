// Catches render errors so one broken view shows what went wrong (and can be retried) instead of a
// blank window. Wrapped around each view and around the whole shell.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Icon } from './Icon';

interface Props {
  children: ReactNode;
  /** Where it happened, for the message ("the Events view"). */
  where: string;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`ETW Explorer: ${this.props.where} failed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <Icon name="error" size={28} />
        <h2>Something went wrong in {this.props.where}</h2>
        <pre className="crash-message">{error.message}</pre>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
