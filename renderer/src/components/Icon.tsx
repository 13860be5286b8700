// Line icons drawn inline (16×16 grid, stroke = currentColor), so they follow the theme and need no
// icon font or network. Names are what they depict.
import type { ReactElement } from 'react';

const paths: Record<string, ReactElement> = {
  home: <path d="M2.5 7.5 8 3l5.5 4.5M4 6.5V13h3v-3h2v3h3V6.5" />,
  providers: (
    <>
      <path d="M5.5 2.5c-1.5 0-2 .8-2 2v1.5c0 1-.5 1.5-1.5 2 1 .5 1.5 1 1.5 2v1.5c0 1.2.5 2 2 2" />
      <path d="M10.5 2.5c1.5 0 2 .8 2 2v1.5c0 1 .5 1.5 1.5 2-1 .5-1.5 1-1.5 2v1.5c0 1.2-.5 2-2 2" />
    </>
  ),
  events: <path d="M2.5 3.5h11M2.5 6.5h11M2.5 9.5h11M2.5 12.5h7" />,
  processes: (
    <>
      <rect x="4.5" y="4.5" width="7" height="7" rx="1" />
      <path d="M6.5 2v2.5M9.5 2v2.5M6.5 11.5V14M9.5 11.5V14M2 6.5h2.5M2 9.5h2.5M11.5 6.5H14M11.5 9.5H14" />
    </>
  ),
  sessions: (
    <>
      <circle cx="8" cy="8" r="1.5" />
      <path d="M5.2 5.2a4 4 0 0 0 0 5.6M10.8 5.2a4 4 0 0 1 0 5.6M3.1 3.1a7 7 0 0 0 0 9.8M12.9 3.1a7 7 0 0 1 0 9.8" />
    </>
  ),
  file: <path d="M4 1.5h5l3.5 3.5v9.5H4zM9 1.5V5h3.5" />,
  capture: (
    <>
      <path d="M4 1.5h5l3.5 3.5v9.5H4zM9 1.5V5h3.5" />
      <path d="M6 8.5h4.5M6 11h3" />
    </>
  ),
  manifest: (
    <>
      <path d="M4 1.5h5l3.5 3.5v9.5H4zM9 1.5V5h3.5" />
      <path d="M7 8 5.8 9.5 7 11M9 8l1.2 1.5L9 11" />
    </>
  ),
  demo: <path d="M8.5 1.5 3.5 9h4l-1 5.5 5-7.5h-4z" />,
  search: (
    <>
      <circle cx="7" cy="7" r="4" />
      <path d="m10 10 3.5 3.5" />
    </>
  ),
  filter: <path d="M2 3h12L9.5 8.5V13l-3-1.5v-3z" />,
  pause: <path d="M5.5 3.5v9M10.5 3.5v9" />,
  play: <path d="M5 3v10l8-5z" />,
  sun: (
    <>
      <circle cx="8" cy="8" r="2.8" />
      <path d="M8 1.5v1.5M8 13v1.5M1.5 8H3M13 8h1.5M3.4 3.4l1 1M11.6 11.6l1 1M3.4 12.6l1-1M11.6 4.4l1-1" />
    </>
  ),
  moon: <path d="M12.5 10A5.5 5.5 0 0 1 6 3.5a5.5 5.5 0 1 0 6.5 6.5z" />,
  help: (
    <>
      <circle cx="8" cy="8" r="6.5" />
      <path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.4M8 11.5v.2" />
    </>
  ),
  alert: (
    <>
      <path d="M8 1.8 14.5 13.5h-13z" />
      <path d="M8 6v3.5M8 11.5v.2" />
    </>
  ),
  error: (
    <>
      <circle cx="8" cy="8" r="6.5" />
      <path d="m5.5 5.5 5 5M10.5 5.5l-5 5" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="6.5" />
      <path d="M8 7v4.5M8 4.5v.2" />
    </>
  ),
  close: <path d="m4 4 8 8M12 4l-8 8" />,
  keyboard: (
    <>
      <rect x="1.5" y="4" width="13" height="8" rx="1" />
      <path d="M4 6.5h1M7 6.5h1M10 6.5h2M4 9.5h8" />
    </>
  ),
  shield: <path d="M8 1.5 13 3.5v4c0 3-2.2 5.5-5 7-2.8-1.5-5-4-5-7v-4z" />,
  drop: <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11.5v2h11v-2" />,
  disconnected: (
    <path d="M6 10 4.5 11.5a2.1 2.1 0 0 1-3-3L3 7M10 6l1.5-1.5a2.1 2.1 0 0 1 3 3L13 9M2 2l12 12" />
  ),
};

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, title }: { name: IconName; size?: number; title?: string }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.3"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      {paths[name]}
    </svg>
  );
}
