import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { portalConfig } from '../../server/portal-config';
import { loadSession } from '../../server/session';
import { ORG_COOKIE, resolveActiveOrg } from '../../session/active-org';
import { SessionProvider } from '../../session/session-context';
import { AppShell } from '../../shell/app-shell';
import { PATH_HEADER } from '../../shell/path-header';

// Every page here is for a signed-in user and depends on who that is.
export const dynamic = 'force-dynamic';

/** The signed-in part of the portal: no session → the sign-in page, then back here. */
export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const me = await loadSession();
  if (!me) {
    const path = (await headers()).get(PATH_HEADER) ?? '/';
    redirect(`/sign-in?returnTo=${encodeURIComponent(path)}`);
  }
  const activeOrgId = resolveActiveOrg(me, (await cookies()).get(ORG_COOKIE)?.value);
  return (
    <SessionProvider me={me} activeOrgId={activeOrgId} gatewayBaseUrl={portalConfig().gatewayBaseUrl}>
      <AppShell>{children}</AppShell>
    </SessionProvider>
  );
}
