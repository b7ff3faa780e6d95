/** The extractor's version, recorded with every record so re-processing can target old output. */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { version: string };

export const EXTRACTOR_VERSION: string = pkg.version;
