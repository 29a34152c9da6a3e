#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { verifyAuditExport } from '../export/verify-audit-export';

/**
 * `node libs/audit/dist/cli/verify-export.js <export-file> <manifest.json> <public-key.pem>`
 * Prints OK and a summary (exit 0), or the first problem found (exit 1). Usage errors exit 2.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.length !== 3) {
    process.stderr.write('usage: verify-export <export-file> <manifest.json> <public-key.pem>\n');
    return 2;
  }
  const [file, manifestPath, publicKeyPath] = argv;
  let manifest: unknown;
  let publicKeyPem: string;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    publicKeyPem = readFileSync(publicKeyPath, 'utf8');
  } catch (error) {
    process.stderr.write(`cannot read inputs: ${(error as Error).message}\n`);
    return 2;
  }
  const result = await verifyAuditExport({ file, manifest, publicKeyPem });
  if (!result.ok) {
    process.stdout.write(`FAILED ${result.problem}: ${result.detail}\n`);
    return 1;
  }
  const m = result.manifest;
  process.stdout.write(
    `OK ${m.rowCount} events of org ${m.orgId}, seq ${m.firstSeq ?? '-'}..${m.lastSeq ?? '-'}, last hash ${m.lastHash ?? '-'}; ` +
      `signed by key ${m.signature.keyId} at ${m.generatedAt}; database chain ${m.chainVerified ? 'verified' : `BROKEN at seq ${m.chainBreak?.seq} (${m.chainBreak?.reason})`} up to seq ${m.chainHead?.seq ?? '-'}\n`,
  );
  return m.chainVerified ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`verify-export failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
