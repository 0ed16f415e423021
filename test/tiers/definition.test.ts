import { appsOfTier, perTier } from '../../tiers/definition';
import { demoApp } from './fixture';

describe('app definitions', () => {
  test('a tier folder’s helper gives its apps that folder’s tier, whatever else they carry', () => {
    const app = appsOfTier(1.5)(demoApp(1));
    expect(app.tier).toBe(1.5);
    expect(app.name).toBe('demo');
  });

  test('perTier has one value per tier, keyed as the tiers print', () => {
    expect(perTier((t) => t * 2)).toEqual({ '0': 0, '1': 2, '1.5': 3, '2': 4, '3': 6 });
  });
});
