// Builds the web app on first `npm start` (or when its sources are newer than the build).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const dist = path.join('web', 'dist', 'index.html');
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
if (!existsSync(dist) || newest(path.join('web', 'src')) > statSync(dist).mtimeMs) {
  console.log('正在构建 Web 界面…');
  execSync('npm run build -w web', { stdio: 'inherit' });
}
