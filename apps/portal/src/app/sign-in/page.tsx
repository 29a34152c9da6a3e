import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '../../features/sign-in/sign-in-form';
import { ORG_SLUG_PATTERN } from '../../features/sign-in/sign-in-options';
import { loadSession } from '../../server/session';
import { safeReturnTo } from '../../session/return-to';
import { SluiceMark } from '../../shell/icons';
import { ThemeSwitcher } from '../../shell/theme/theme-switcher';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(typeof params.returnTo === 'string' ? params.returnTo : undefined);
  const org = typeof params.org === 'string' && ORG_SLUG_PATTERN.test(params.org) ? params.org : undefined;
  const ssoError = typeof params.ssoError === 'string' && /^[a-z_]{1,64}$/.test(params.ssoError) ? params.ssoError : undefined;
  if (await loadSession()) redirect(returnTo);

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex h-14 items-center justify-between px-4 sm:px-6">
        <span className="flex items-center gap-2">
          <SluiceMark />
          <span className="text-base font-semibold tracking-tight text-fg">Sluice</span>
        </span>
        <ThemeSwitcher />
      </header>
      <main id="main" className="flex flex-1 items-start justify-center px-4 pt-[10vh] pb-10">
        <div className="w-full max-w-sm rounded-2xl border border-border bg-surface p-6 shadow-sm sm:p-8">
          <h1 className="text-xl font-semibold tracking-tight text-fg">Sign in to Sluice</h1>
          <p className="mt-1 mb-6 text-sm text-fg-muted">Your organization’s LLM gateway: models, keys, usage and audit.</p>
          <SignInForm returnTo={returnTo} initialOrg={org} ssoError={ssoError} />
        </div>
      </main>
    </div>
  );
}
