import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { actionsOf, DOMAIN_CONFIG, logicalId, statementsOfRole, synthStack } from './synth-stack';

const { template } = synthStack(DOMAIN_CONFIG);

function containerDefinition(t = template): Record<string, unknown> {
  const [taskDef] = Object.values(t.findResources('AWS::ECS::TaskDefinition'));
  return (taskDef?.Properties as { ContainerDefinitions: Array<Record<string, unknown>> }).ContainerDefinitions[0] as Record<
    string,
    unknown
  >;
}

function environmentOf(t = template): Record<string, unknown> {
  const env = containerDefinition(t).Environment as Array<{ Name: string; Value: unknown }>;
  return Object.fromEntries(env.map((e) => [e.Name, e.Value]));
}

describe('load balancer', () => {
  it('serves HTTPS with the DNS-validated certificate of the collector domain and a TLS 1.2+ policy', () => {
    template.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'c.flowershop.example',
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'c.flowershop.example', HostedZoneId: 'Z0123456789EXAMPLE' }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: Match.stringLikeRegexp('^ELBSecurityPolicy-TLS13-1-2'),
      Certificates: [{ CertificateArn: { Ref: logicalId(template, 'AWS::CertificateManager::Certificate', 'Certificate') } }],
    });
  });

  it('redirects HTTP to HTTPS', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  it('points the collector domain at the load balancer (alias A record in the zone)', () => {
    template.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'c.flowershop.example.',
      Type: 'A',
      HostedZoneId: 'Z0123456789EXAMPLE',
      AliasTarget: Match.objectLike({ DNSName: Match.anyValue() }),
    });
  });

  it('keeps idle connections 60 s (below the collector keep-alive) and drops invalid header fields', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'idle_timeout.timeout_seconds', Value: '60' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
    const config = JSON.parse(environmentOf().SLEET_COLLECTOR_CONFIG_JSON as string) as { networking: { keepAliveTimeoutSecs: number } };
    expect(config.networking.keepAliveTimeoutSecs).toBe(65);
  });

  it('health-checks /health and drains targets for 30 s', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
      Protocol: 'HTTP',
      TargetType: 'ip',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });
});

describe('service', () => {
  it('rolls back failed deployments and never drops below the running count', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      LoadBalancers: [Match.objectLike({ ContainerName: 'collector', ContainerPort: 8080 })],
      DesiredCount: 2,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      }),
    });
  });

  it('autoscales on CPU and on requests per task', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 30000,
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
      }),
    });
  });

  it('runs the collector with a read-only root filesystem, /tmp as a task volume, non-blocking logs', () => {
    const c = containerDefinition();
    expect(c.ReadonlyRootFilesystem).toBe(true);
    expect(c.MountPoints).toEqual([{ ContainerPath: '/tmp', SourceVolume: 'tmp', ReadOnly: false }]);
    expect(c.EntryPoint).toEqual(['sh', '-c']);
    expect((c.Command as string[])[0]).toContain('bin/sleet.js collector --config /tmp/collector.json');
    expect(c.StopTimeout).toBe(45);
    expect(c.LogConfiguration).toMatchObject({ LogDriver: 'awslogs', Options: { mode: 'non-blocking' } });
  });

  it('hands the collector its streams, region and a first-party cookie domain', () => {
    const env = environmentOf();
    expect(env.SLEET_COLLECTOR_GOOD_STREAM).toEqual({ Ref: logicalId(template, 'AWS::Kinesis::Stream', 'StreamsRaw') });
    expect(env.SLEET_COLLECTOR_BAD_STREAM).toEqual({ Ref: logicalId(template, 'AWS::Kinesis::Stream', 'StreamsBad') });
    expect(env.SLEET_COLLECTOR_REGION).toEqual({ Ref: 'AWS::Region' });
    const config = JSON.parse(env.SLEET_COLLECTOR_CONFIG_JSON as string) as Record<string, unknown>;
    expect(config).toMatchObject({
      port: 8080,
      sink: { type: 'kinesis' },
      cookie: { domains: ['flowershop.example'], fallbackDomain: 'flowershop.example' },
      hsts: { enabled: true },
    });
  });
});

describe('network exposure', () => {
  it('tasks accept traffic only from the load balancer, on the container port', () => {
    const serviceSg = logicalId(template, 'AWS::EC2::SecurityGroup', 'CollectorServiceSecurityGroup');
    expect(template.toJSON().Resources[serviceSg].Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties);
    const toTasks = ingress.filter((p) => JSON.stringify(p.GroupId).includes(serviceSg));
    expect(toTasks).toEqual([
      expect.objectContaining({
        FromPort: 8080,
        ToPort: 8080,
        SourceSecurityGroupId: { 'Fn::GetAtt': [logicalId(template, 'AWS::EC2::SecurityGroup', 'CollectorServiceLBSecurityGroup'), 'GroupId'] },
      }),
    ]);
  });

  it('without NAT, tasks run in public subnets with public IPs; with NAT, in private subnets without', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED' }) },
    });
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const { template: t } = synthStack({ ...DOMAIN_CONFIG, network: { natGateways: 1 } });
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });
});

describe('collector task role (least privilege)', () => {
  it('may only put records on (and describe) its two streams', () => {
    const taskRoleId = logicalId(template, 'AWS::IAM::Role', 'CollectorTaskRole');
    const statements = statementsOfRole(template, taskRoleId);
    expect(statements).toHaveLength(1);
    const [s] = statements;
    expect(actionsOf(s as never).sort()).toEqual(['kinesis:DescribeStreamSummary', 'kinesis:PutRecord', 'kinesis:PutRecords']);
    expect(s?.Resource).toHaveLength(2);
    expect(s?.Resource).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': [logicalId(template, 'AWS::Kinesis::Stream', 'StreamsRaw'), 'Arn'] },
        { 'Fn::GetAtt': [logicalId(template, 'AWS::Kinesis::Stream', 'StreamsBad'), 'Arn'] },
      ]),
    );
  });
});

describe('domain variants', () => {
  it('with an existing certificate ARN: imports it and creates no certificate or DNS record', () => {
    const arn = 'arn:aws:acm:eu-west-1:123456789012:certificate/0b1d2c3e-1111-2222-3333-444455556666';
    const { template: t } = synthStack({ collector: { domain: { name: 'c.flowershop.example', certificateArn: arn } } });
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.resourceCountIs('AWS::Route53::RecordSet', 0);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Protocol: 'HTTPS', Certificates: [{ CertificateArn: arn }] });
  });

  it('plain HTTP only when explicitly allowed: one HTTP listener, no certificate, no HSTS', () => {
    const { template: t, stack } = synthStack({ collector: { allowPlainHttp: true } });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('collector.allowPlainHttp'));
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    const config = JSON.parse(environmentOf(t).SLEET_COLLECTOR_CONFIG_JSON as string) as Record<string, unknown>;
    expect(config.hsts).toBeUndefined();
  });

  it('user collector settings are merged over the generated ones', () => {
    const { template: t } = synthStack({
      collector: { ...DOMAIN_CONFIG.collector, settings: { shutdownTimeoutSecs: 60, cookie: { name: 'sp2' } } },
    });
    const config = JSON.parse(environmentOf(t).SLEET_COLLECTOR_CONFIG_JSON as string) as Record<string, unknown>;
    expect(config).toMatchObject({ shutdownTimeoutSecs: 60, cookie: { name: 'sp2', domains: ['flowershop.example'] } });
    expect(containerDefinition(t).StopTimeout).toBe(75);
  });
});
