// Where everything lives under the store root. Only this module knows the
// directory shape; every other module asks it for paths.
import { mkdir, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { fromSystemError } from '../errors.js';

const HEX64 = /^[0-9a-f]{64}$/;

export function digestHex(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (algorithm !== 'sha256' || hex === undefined || !HEX64.test(hex)) {
    throw new Error(`not a sha256 digest: ${digest}`);
  }
  return hex;
}

export class StoreLayout {
  constructor(readonly root: string) {}

  get blobsDir(): string { return join(this.root, 'blobs', 'sha256'); }
  get layersDir(): string { return join(this.root, 'layers'); }
  get imagesDir(): string { return join(this.root, 'images'); }
  get containersDir(): string { return join(this.root, 'containers'); }
  get tmpDir(): string { return join(this.root, 'tmp'); }
  get leasesDir(): string { return join(this.root, 'leases'); }
  /** Named volumes: volumes/<name>/{volume.json,_data/} (engine/volumes/). */
  get volumesDir(): string { return join(this.root, 'volumes'); }
  get repositoriesFile(): string { return join(this.root, 'repositories.json'); }

  blobPath(digest: string): string { return join(this.blobsDir, digestHex(digest)); }
  layerDir(chainId: string): string { return join(this.layersDir, digestHex(chainId)); }
  /** The directory overlayfs uses as a lower layer. */
  layerDiffDir(chainId: string): string { return join(this.layerDir(chainId), 'diff'); }
  layerRecordPath(chainId: string): string { return join(this.layerDir(chainId), 'layer.json'); }
  imageRecordPath(imageId: string): string { return join(this.imagesDir, `${digestHex(imageId)}.json`); }

  /** Creates the skeleton; the root is private to root because layers hold setuid files. */
  async ensure(): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true, mode: 0o711 });
      await chmod(this.root, 0o711);
      for (const dir of [this.blobsDir, this.layersDir, this.imagesDir, this.containersDir, this.tmpDir, this.leasesDir]) {
        await mkdir(dir, { recursive: true, mode: 0o700 });
      }
    } catch (err) {
      throw fromSystemError(err, `preparing the store at ${this.root}`);
    }
  }
}
