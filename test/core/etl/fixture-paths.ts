// Where the shared real-world fixtures live: ../shared/fixtures beside the repository, read in place.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

export function fixture(rel: string): string {
  return FIXTURES + rel;
}

/** Every ETL capture (.etl and .etl.zip) under fixtures/etl, as paths relative to fixtures/. */
export function allEtlFixtures(): string[] {
  return readdirSync(FIXTURES + 'etl', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.etl') || f.endsWith('.etl.zip'))
    .map((f) => `etl/${f}`)
    .sort();
}
