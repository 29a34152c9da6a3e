import { BoundedNestedMap } from './bounded-nested-map';

describe('BoundedNestedMap', () => {
  it('keeps values by two keys, counts a replaced value once, and starts over past its capacity', () => {
    const map = new BoundedNestedMap<number>(3);
    map.set('org-a', 'rpm', 1);
    map.set('org-a', 'rpm', 2);
    map.set('org-a', 'tpm', 3);
    map.set('org-b', 'rpm', 4);
    expect([map.get('org-a', 'rpm'), map.get('org-a', 'tpm'), map.get('org-b', 'rpm'), map.size]).toEqual([2, 3, 4, 3]);
    map.set('org-c', 'rpm', 5);
    expect([map.get('org-a', 'rpm'), map.get('org-c', 'rpm'), map.size]).toEqual([undefined, 5, 1]);
  });
});
