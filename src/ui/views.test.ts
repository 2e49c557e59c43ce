import { describe, expect, it } from 'vitest';
import { viewFromLocation } from './views';

describe('viewFromLocation', () => {
  it('takes the hash first, then the view= parameter, then the default view', () => {
    expect(viewFromLocation('#/analyzer', '?view=sweep').id).toBe('analyzer');
    expect(viewFromLocation('', '?view=sweep&preset=fno-burgers-low').id).toBe('sweep');
    expect(viewFromLocation('#/sweep?x=1', '').id).toBe('sweep');
    expect(viewFromLocation('', '?preset=sentiment-low').id).toBe('lab');
    expect(viewFromLocation('#/nope', '').id).toBe('lab');
    expect(viewFromLocation('', '?view=%E0%A4%A').id).toBe('lab');
  });
});
