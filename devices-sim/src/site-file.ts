import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { siteFileSchema, type SiteFile } from '@wachtpost/contracts';

/** The site file to simulate: env SITE_FILE, else the sample campus in data/sites. */
export function defaultSiteFilePath(): string {
  return process.env.SITE_FILE || resolve(__dirname, '../../data/sites/stadhuis-tiel.json');
}

/** Reads and validates a site file; throws with the path and every problem found. */
export function loadSiteFile(path: string = defaultSiteFilePath()): SiteFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read site file ${path}: ${(err as Error).message}`);
  }
  const result = siteFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid site file ${path}: ${problems.join('; ')}`);
  }
  return result.data;
}
