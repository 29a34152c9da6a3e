import type { ComponentType, SVGProps } from 'react';
import { DashboardIcon } from './icons';

export interface NavItem {
  href: string;
  label: string;
  Icon: ComponentType<SVGProps<SVGSVGElement>>;
}

export interface NavGroup {
  label: string;
  items: readonly NavItem[];
}

/**
 * The sidebar, grouped by what people come to do. Only pages that exist are listed: a section is
 * added here in the same change that adds its page. Planned groups and their sections:
 *   Monitor — Dashboard, Request logs · Build — Models, Playground, API keys ·
 *   Govern — Audit · Administer — Teams, Settings
 */
export const NAVIGATION: readonly NavGroup[] = [{ label: 'Monitor', items: [{ href: '/', label: 'Dashboard', Icon: DashboardIcon }] }];

/** `/` matches only itself; any other item also matches its sub-pages. */
export function isCurrent(href: string, pathname: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}
