import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance, nearest } from '../../src/spec/suggest';
import { describe as describeValue, keyPath } from '../../src/spec/spec_context';

test('edit distance counts insertions, deletions and substitutions, ignoring case', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('ConvNet', 'convnet'), 0);
  assert.equal(editDistance('', 'abc'), 3);
});

test('nearest suggests only likely typos', () => {
  const keys = ['fc_hid_layers', 'hid_layers', 'conv_hid_layers'];
  assert.equal(nearest('fc_hid_layer', keys), 'fc_hid_layers');
  assert.equal(nearest('hid_layres', keys), 'hid_layers');
  assert.equal(nearest('optimizer', keys), undefined);
  assert.equal(didYouMean('zzz', keys), '');
  assert.equal(didYouMean('hid_layer', keys), " (did you mean 'hid_layers'?)");
});

test('paths quote keys that are not identifiers; values are described briefly', () => {
  assert.equal(keyPath('agent', 'net'), 'agent.net');
  assert.equal(keyPath('', 'agent'), 'agent');
  assert.equal(keyPath('search', 'agent.net.lr__uniform'), 'search["agent.net.lr__uniform"]');
  assert.equal(describeValue([1, [2, 3]]), '[1, [2, 3]]');
  assert.equal(describeValue(new Array(100).fill(0)), 'an array of 100');
  assert.equal(describeValue('x'.repeat(100)), `"${'x'.repeat(40)}..."`);
  assert.equal(describeValue(NaN), 'NaN');
});
