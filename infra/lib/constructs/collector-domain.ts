import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import type { CollectorDomain } from '../config/sleet-config';

/** The certificate and (optionally) the DNS zone for the collector's HTTPS listener. */
export interface CollectorDomainResources {
  readonly certificate: acm.ICertificate;
  /** Set when the stack manages DNS: an alias A record `name` → ALB is created in it. */
  readonly zone?: route53.IHostedZone;
}

/**
 * Resolves the configured domain without any AWS lookup (synth stays offline): the zone is imported from its
 * attributes, the certificate either imported by ARN or created and DNS-validated in that zone.
 */
export function resolveCollectorDomain(scope: Construct, domain: CollectorDomain): CollectorDomainResources {
  const zone =
    domain.hostedZoneId !== undefined && domain.hostedZoneName !== undefined
      ? route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', {
          hostedZoneId: domain.hostedZoneId,
          zoneName: domain.hostedZoneName,
        })
      : undefined;
  const certificate =
    domain.certificateArn !== undefined
      ? acm.Certificate.fromCertificateArn(scope, 'Certificate', domain.certificateArn)
      : new acm.Certificate(scope, 'Certificate', {
          domainName: domain.name,
          // resolveConfig guarantees a zone when no certificate ARN is given.
          validation: acm.CertificateValidation.fromDns(zone),
        });
  return { certificate, zone };
}
