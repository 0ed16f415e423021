// Compares two trees written by `.ci/synth-identical.sh synth` (see there).
import fs from 'node:fs';
import path from 'node:path';

const [oldDir, newDir] = process.argv.slice(2);
const HASH = /[0-9a-f]{64}/g;
const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p).map((x) => path.join(e.name, x)) : [e.name];
  });
const compared = (f) =>
  /\.template\.json$|\.assets\.json$|(^|\/)manifests\//.test(f) && !f.startsWith('asset.');
const assetText = (dir, hash) => {
  const name = fs.readdirSync(dir).find((n) => n.startsWith(`asset.${hash}`));
  if (!name) return undefined;
  const full = path.join(dir, name);
  const files = fs.statSync(full).isDirectory()
    ? walk(full)
        .sort()
        .map((f) => path.join(full, f))
    : [full];
  return files.map((f) => fs.readFileSync(f, 'latin1').replace(/^\/\/ .*$/gm, '//')).join('\n');
};

let failures = 0;
const moved = new Set();
const configs = fs.readdirSync(oldDir).filter((n) => fs.statSync(path.join(oldDir, n)).isDirectory());
for (const config of configs.sort()) {
  const a = path.join(oldDir, config);
  const b = path.join(newDir, config);
  const files = [...new Set([...walk(a), ...walk(b)].filter(compared))].sort();
  let same = 0;
  for (const f of files) {
    const fa = path.join(a, f);
    const fb = path.join(b, f);
    if (!fs.existsSync(fa) || !fs.existsSync(fb)) {
      console.log(`${config}: ${f} only in ${fs.existsSync(fa) ? oldDir : newDir}`);
      failures++;
      continue;
    }
    const ta = fs.readFileSync(fa, 'utf8');
    const tb = fs.readFileSync(fb, 'utf8');
    if (ta === tb) {
      same++;
      continue;
    }
    const ha = ta.match(HASH) ?? [];
    const hb = tb.match(HASH) ?? [];
    if (ta.replace(HASH, 'H') !== tb.replace(HASH, 'H') || ha.length !== hb.length) {
      console.log(`${config}: ${f} differs beyond asset hashes`);
      failures++;
      continue;
    }
    let ok = true;
    for (let i = 0; i < ha.length; i++) {
      if (ha[i] === hb[i]) continue;
      const key = `${ha[i].slice(0, 12)}… -> ${hb[i].slice(0, 12)}…`;
      const xa = assetText(a, ha[i]);
      const xb = assetText(b, hb[i]);
      if (xa !== undefined && xa === xb)
        moved.add(`${key} (${f.replace(/\..*/, '')} asset, same code from a moved source file)`);
      else if (xa === undefined && xb === undefined) moved.add(`${key} (hash over a moved asset's hash)`);
      else {
        console.log(`${config}: ${f}: asset ${key} has different content`);
        ok = false;
      }
    }
    if (ok) same++;
    else failures++;
  }
  console.log(`${config}: ${same}/${files.length} files identical${moved.size ? ' (moved code aside)' : ''}`);
}
for (const m of [...moved].sort()) console.log(`  ${m}`);
process.exit(failures ? 1 : 0);
