import type { ComponentType, SVGProps } from 'react';
import type { Capability } from '../session/access';
import { AuditIcon, DashboardIcon, KeyIcon, LogsIcon, ModelsIcon, ProvidersIcon, TeamsIcon } from './icons';
import { BellIcon, ConfigFileIcon, RobotIcon, ShieldIcon, SyncUsersIcon, UserIcon } from './icons';
import { ChatIcon, PolicyIcon, PriceTagIcon, ReportIcon, RouteIcon } from './icons';

export interface NavItem {
  href: string;
  label: string;
  Icon: ComponentType<SVGProps<SVGSVGElement>>;
  /** Shown only to roles with this capability; the page itself checks it too, and the admin API enforces it. */
  requires?: Capability;
}

export interface NavGroup {
  label: string;
  items: readonly NavItem[];
}

/**
 * The sidebar, grouped by what people come to do. Only pages that exist are listed: a section is
 * added here in the same change that adds its page.
 */
export const NAVIGATION: readonly NavGroup[] = [
  {
    label: 'Monitor',
    items: [
      { href: '/', label: 'Dashboard', Icon: DashboardIcon },
      { href: '/request-logs', label: 'Request logs', Icon: LogsIcon },
    ],
  },
  {
    label: 'Build',
    items: [
      { href: '/models', label: 'Models', Icon: ModelsIcon },
      { href: '/api-keys', label: 'API keys', Icon: KeyIcon },
      { href: '/playground', label: 'Playground', Icon: ChatIcon, requires: 'playground:use' },
    ],
  },
  {
    label: 'Govern',
    items: [
      { href: '/audit', label: 'Audit trail', Icon: AuditIcon, requires: 'audit:read' },
      { href: '/usage-reports', label: 'Usage reports', Icon: ReportIcon, requires: 'usage-reports:export' },
    ],
  },
  {
    label: 'Administer',
    items: [
      { href: '/teams', label: 'Teams', Icon: TeamsIcon, requires: 'teams:view' },
      { href: '/settings/providers', label: 'Providers', Icon: ProvidersIcon, requires: 'providers:view' },
      { href: '/settings/deployments', label: 'Deployments & routing', Icon: RouteIcon, requires: 'providers:view' },
      { href: '/settings/models', label: 'Model catalog', Icon: PriceTagIcon, requires: 'models:manage' },
      { href: '/settings/policies', label: 'Policies', Icon: PolicyIcon, requires: 'policies:view' },
      { href: '/settings/users', label: 'Users', Icon: UserIcon, requires: 'users:view' },
      { href: '/settings/service-accounts', label: 'Service accounts', Icon: RobotIcon, requires: 'service-accounts:view' },
      { href: '/settings/sso', label: 'SSO', Icon: ShieldIcon, requires: 'sso:manage' },
      { href: '/settings/scim', label: 'SCIM provisioning', Icon: SyncUsersIcon, requires: 'sso:manage' },
      { href: '/settings/webhooks', label: 'Webhooks & alerts', Icon: BellIcon, requires: 'webhooks:view' },
      { href: '/settings/config', label: 'Config import/export', Icon: ConfigFileIcon, requires: 'config:export' },
    ],
  },
];

/** The groups and items a user with these capabilities sees; empty groups are dropped. */
export function navigationFor(allowed: (capability: Capability) => boolean): NavGroup[] {
  return NAVIGATION.map((group) => ({ ...group, items: group.items.filter((item) => !item.requires || allowed(item.requires)) })).filter(
    (group) => group.items.length > 0,
  );
}

/** `/` matches only itself; any other item also matches its sub-pages. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
