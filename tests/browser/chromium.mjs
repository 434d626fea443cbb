// chromium.mjs — finds the system's Chromium for the browser checks and benchmarks: the
// STRATSITE_CHROMIUM variable, else Debian's /usr/bin/chromium, else chromium or
// chromium-browser on PATH. Never a browser that a package downloaded.

import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// The path of the Chromium binary, or null when there is none.
export function findChromium() {
  if (process.env.STRATSITE_CHROMIUM) {
    return existsSync(process.env.STRATSITE_CHROMIUM) ? process.env.STRATSITE_CHROMIUM : null;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const name of ['chromium', 'chromium-browser']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}
