'use client';

import { cx, focusRing } from '@sluice/ui';
import { ORG_COOKIE } from '../session/active-org';
import { useSession } from '../session/session-context';

/** For members of several organizations: every call from the portal then acts in the chosen one. */
export function OrgSwitcher() {
  const { orgs, activeOrg } = useSession();
  if (orgs.length < 2) return null;

  const choose = (orgId: string) => {
    document.cookie = `${ORG_COOKIE}=${encodeURIComponent(orgId)}; Path=/; Max-Age=31536000; SameSite=Lax`;
    // A full load: every page's data belongs to the organization it was loaded for.
    window.location.assign('/');
  };

  return (
    <label className="flex items-center gap-2 text-sm text-fg-muted">
      <span className="max-sm:sr-only">Organization</span>
      <select
        value={activeOrg?.id ?? ''}
        onChange={(event) => choose(event.target.value)}
        className={cx('h-9 max-w-48 rounded-lg border border-border bg-surface px-2 text-sm text-fg', focusRing)}
      >
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
    </label>
  );
}
