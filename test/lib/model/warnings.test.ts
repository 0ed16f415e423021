import { Stack } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import {
  addWarnings,
  clusterEndpointWarnings,
  databaseWarnings,
  networkWarnings,
} from '../../../lib/model/warnings';
import { envConfig, testApp } from '../../util';

describe('legal but risky settings', () => {
  test('a single-AZ database warns in prod only', () => {
    const prod = envConfig('prod');
    const singleAz = { ...prod, database: { ...prod.database!, multiAz: false } };
    expect(databaseWarnings(singleAz)).toEqual([
      {
        id: 'goldenpath:single-az-database',
        message:
          'prod: database.multiAz is false, so one AZ outage stops the platform database (recovery is a restore from backup); set database.multiAz to true',
      },
    ]);
    expect(databaseWarnings(prod)).toEqual([]);
    expect(databaseWarnings({ ...singleAz, name: 'dev' })).toEqual([]);
    expect(databaseWarnings({ ...prod, database: undefined })).toEqual([]);
  });

  test('one NAT gateway warns in prod only', () => {
    const prod = envConfig('prod');
    expect(networkWarnings({ ...prod, natGateways: 1 })).toEqual([
      {
        id: 'goldenpath:single-nat-gateway',
        message:
          'prod: natGateways is 1, so an outage of its AZ cuts the egress of every private subnet; set natGateways to 3 (one per AZ)',
      },
    ]);
    expect(networkWarnings(prod)).toEqual([]);
    expect(networkWarnings(envConfig('dev'))).toEqual([]);
  });

  test('a public cluster endpoint warns, a private one does not', () => {
    expect(clusterEndpointWarnings(['203.0.113.0/24'])).toEqual([
      {
        id: 'goldenpath:public-cluster-endpoint',
        message:
          'the cluster API endpoint is public (from 203.0.113.0/24); keep the list to the networks that need it, or set cluster.publicEndpointCidrs to [] for a private endpoint',
      },
    ]);
    expect(clusterEndpointWarnings([])).toEqual([]);
  });

  test('addWarnings puts each one on the construct as a CDK warning with its id', () => {
    const stack = new Stack(testApp(), 'Test');
    addWarnings(stack, clusterEndpointWarnings(['203.0.113.0/24']));
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning(
      '/Test',
      'the cluster API endpoint is public (from 203.0.113.0/24); keep the list to the networks that need it, or set cluster.publicEndpointCidrs to [] for a private endpoint [ack: goldenpath:public-cluster-endpoint]',
    );
  });
});
