import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { booleanSchema } from '@sluice/contracts';
import { normalizeIpLiteral } from './address-ranges';

/** What outbound connections may reach besides public addresses. Built from env by `egressPolicyFromEnv`. */
export interface EgressPolicy {
  /** 127.0.0.0/8, ::1 and `localhost` (dev and tests: the mock provider listens on 127.0.0.1). */
  allowLoopback: boolean;
  /** Lower-case host names (no trailing dot); `*.example.com` matches every subdomain. */
  allowedHosts: readonly string[];
  /** Addresses and CIDR ranges that may be reached even when private. */
  allowedRanges: readonly string[];
}

const HOST_NAME = /^(\*\.)?([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** One allow-list entry: a host name, `*.domain`, an IP address or a CIDR range. */
export const egressAllowEntrySchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ''))
  .refine((v) => HOST_NAME.test(v) || isIpOrCidr(v), 'must be a host name, *.domain, an IP address or a CIDR range');

const listSchema = z.preprocess(
  (v) => (v === undefined || v === '' ? [] : String(v).split(',').map((s) => s.trim()).filter(Boolean)),
  z.array(egressAllowEntrySchema),
);

/** Env variables of the egress guard, for apps to spread into their env schema. */
export const egressEnvShape = {
  /** Lets providers and webhooks reach loopback addresses; for dev and tests only. */
  EGRESS_ALLOW_LOOPBACK: booleanSchema(false),
  /** Comma-separated host names (`*.corp.example`), IPs or CIDRs that may be reached even when private. */
  EGRESS_ALLOWED_HOSTS: listSchema,
};
export const egressEnvSchema = z.object(egressEnvShape);
export type EgressEnv = z.output<typeof egressEnvSchema>;

export function egressPolicyFromEnv(env: EgressEnv): EgressPolicy {
  return {
    allowLoopback: env.EGRESS_ALLOW_LOOPBACK,
    allowedHosts: env.EGRESS_ALLOWED_HOSTS.filter((e) => !isIpOrCidr(e)),
    allowedRanges: env.EGRESS_ALLOWED_HOSTS.filter((e) => isIpOrCidr(e)),
  };
}

export function isIpOrCidr(value: string): boolean {
  const [address, prefix, extra] = normalizeIpLiteral(value).split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

export function hostIsAllowListed(policy: EgressPolicy, hostname: string): boolean {
  return policy.allowedHosts.some((entry) => (entry.startsWith('*.') ? hostname.endsWith(entry.slice(1)) : hostname === entry));
}

/** A BlockList (used as an allow list) of the policy's IPs and CIDRs. */
export function allowedRangesOf(policy: EgressPolicy): BlockList {
  const list = new BlockList();
  for (const entry of policy.allowedRanges) {
    const [address, prefix] = normalizeIpLiteral(entry).split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}
