#!/usr/bin/env node
/**
 * The CDK app (infra/cdk.json runs it): one environment-agnostic Sleet stack; account and region come from the
 * deploying credentials (`cdk deploy`), so `cdk synth` works offline with none.
 *   cdk deploy -c sleet-config=my-sleet.json
 */
import { App } from 'aws-cdk-lib';
import { readAppConfig } from '../lib/config/app-config';
import { SleetConfigError } from '../lib/config/config-error';
import { SleetStack } from '../lib/sleet-stack';

const app = new App();
try {
  const { input, source } = readAppConfig((key) => app.node.tryGetContext(key), process.cwd());
  const stackName =
    typeof input === 'object' && input !== null && typeof (input as { stackName?: unknown }).stackName === 'string'
      ? (input as { stackName: string }).stackName
      : 'Sleet';
  new SleetStack(app, stackName, { config: input as never, configSource: source, stackName });
  app.synth();
} catch (e) {
  if (e instanceof SleetConfigError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
