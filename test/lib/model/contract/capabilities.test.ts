import { FOUNDATION_CAPABILITIES, foundationCapabilities } from '../../../../lib/model/contract';
import { envConfig } from '../../../util';

describe('Foundation capabilities', () => {
  test('every capability but the database is always there; the database is there when configured', () => {
    const config = envConfig('dev');
    expect(foundationCapabilities(config)).toEqual(
      Object.fromEntries(FOUNDATION_CAPABILITIES.map((c) => [c, true])),
    );
    expect(foundationCapabilities({ ...config, database: undefined })).toEqual({
      vpc: true,
      zone: true,
      iam: true,
      appSecrets: true,
      logBucket: true,
      database: false,
    });
  });
});
