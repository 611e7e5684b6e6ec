/**
 * The end-to-end tier needs two things from outside the repository: `../shared` (Iglu Central and the MaxMind test
 * database) and Debian's Chromium. When either is missing the suite says so in its output and skips itself.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');
export const CHROMIUM_EXECUTABLE = process.env.SLEET_E2E_CHROMIUM ?? '/usr/bin/chromium';

export const SHARED_FILES = {
  igluCentral: join(SHARED_DIR, 'iglu-central'),
  geoCityDb: join(SHARED_DIR, 'fixtures', 'mmdb', 'GeoIP2-City-Test.mmdb'),
} as const;

/** Human-readable reasons the tier cannot run here; empty when everything is present. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!existsSync(join(SHARED_FILES.igluCentral, 'schemas'))) {
    missing.push(`../shared not found (looked for ${SHARED_FILES.igluCentral}/schemas)`);
  } else if (!existsSync(SHARED_FILES.geoCityDb)) {
    missing.push(`MaxMind test database not found at ${SHARED_FILES.geoCityDb}`);
  }
  if (!existsSync(CHROMIUM_EXECUTABLE)) {
    missing.push(`Chromium not found at ${CHROMIUM_EXECUTABLE} (install it with: apt-get install -y chromium)`);
  }
  return missing;
}

/**
 * `describe` when the prerequisites are there, else `describe.skip` after printing why, so a skipped e2e run is
 * never mistaken for a passing one.
 */
export function describeWhenPrerequisitesPresent(name: string, body: () => void): void {
  const missing = missingPrerequisites();
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const message = `SKIPPED end-to-end suite "${name}":\n  - ${missing.join('\n  - ')}`;
  process.stderr.write(`\n${message}\n\n`);
  describe.skip(`${name} [skipped: ${missing.join('; ')}]`, body);
}
