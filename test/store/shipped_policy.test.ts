// The policy the catch demo ships (a version 2 file, written before checksums covered the header)
// still passes every check of a load: structure, weights checksum, finite weights, the plan of its
// own spec and the parameter cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPolicy } from '../../src/store/policy_store';
import { specInput } from '../../src/store/saved_spec';

test("the catch demo's shipped version-2 policy still loads with every check", async () => {
  const contents = await loadPolicy('demos/catch/catch.ppol');
  assert.equal(contents.manifest.formatVersion, 2);
  specInput(contents.manifest.spec, 'catch.ppol');
});
