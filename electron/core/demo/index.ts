// The demo capture: a deterministic, realistic .etl of a workstation incident written by our own
// code (no files needed), for the app's Demo button, `npm run serve -- --demo` and `etwx demo`.
// The Node adapter demo-capture.node.ts writes and caches it on disk.
export {
  generateDemo,
  DEFAULT_DEMO_SEED,
  DEMO_FORMAT_VERSION,
  type DemoOptions,
  type DemoResult,
} from './generate';
export {
  DEMO_DURATION_SECONDS,
  DEMO_HOST,
  DEMO_START_TIME,
  DEMO_USER,
  EXFIL_BYTES,
  type DemoFacts,
} from './scenario';
export { DEMO_PROVIDERS } from './schemas';
