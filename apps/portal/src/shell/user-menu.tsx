'use client';

import { useState } from 'react';
import { z } from 'zod';
import { Button } from '@sluice/ui';
import { apiRequest } from '../api/api-client';
import { SIGN_IN_PAGE } from '../session/sign-in-route';
import { roleLabel } from '../session/access';
import { useSession } from '../session/session-context';

/** Who is signed in, in which role, and the way out. */
export function UserMenu() {
  const { me, roles } = useSession();
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await apiRequest('/api/v1/auth/logout', { method: 'POST', schema: z.undefined() });
    } catch {
      // The session is gone either way once the cookie expires; the sign-in page is the right place now.
    }
    window.location.assign(SIGN_IN_PAGE);
  };

  return (
    <div className="flex items-center gap-3">
      <div className="hidden flex-col items-end leading-tight md:flex">
        <span className="text-sm font-medium text-fg" data-testid="signed-in-user">
          {me.user.displayName || me.user.email}
        </span>
        <span className="text-xs text-fg-muted">{roles.length ? roles.map(roleLabel).join(', ') : 'No role'}</span>
      </div>
      <Button variant="secondary" size="sm" onClick={signOut} loading={signingOut}>
        Sign out
      </Button>
    </div>
  );
}
