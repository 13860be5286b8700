// Fixture paths for the manifest tests: the shared fixtures are read in place (never copied).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

export const fixture = (path: string): string => FIXTURES + path;
export const fixtureBytes = (path: string): Uint8Array => new Uint8Array(readFileSync(fixture(path)));
