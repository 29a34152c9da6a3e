'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { cx, focusRing } from '@sluice/ui';
import { CloseIcon, MenuIcon, SluiceMark } from './icons';
import { OrgSwitcher } from './org-switcher';
import { SidebarNav } from './sidebar-nav';
import { ThemeSwitcher } from './theme/theme-switcher';
import { UserMenu } from './user-menu';

const iconButton = cx('grid size-9 place-items-center rounded-lg text-fg-muted hover:bg-surface-muted hover:text-fg', focusRing);

/** Top bar, sidebar (a drawer below the lg breakpoint) and the main landmark every page renders into. */
export function AppShell({ children }: { children: ReactNode }) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  const closeDrawer = useCallback(() => {
    setDrawerOpen(false);
    menuButton.current?.focus();
  }, []);

  useEffect(() => {
    if (!drawerOpen) return;
    closeButton.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeDrawer();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [drawerOpen, closeDrawer]);

  return (
    <>
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-accent px-4 py-2 text-sm font-medium text-accent-fg focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-surface/90 px-4 backdrop-blur lg:px-6">
        <button
          ref={menuButton}
          type="button"
          className={cx(iconButton, 'lg:hidden')}
          aria-label="Open navigation"
          aria-expanded={drawerOpen}
          aria-controls="sidebar"
          onClick={() => setDrawerOpen(true)}
        >
          <MenuIcon />
        </button>
        <Link href="/" className={cx('flex items-center gap-2 rounded-lg', focusRing)}>
          <SluiceMark />
          <span className="text-base font-semibold tracking-tight text-fg">Sluice</span>
        </Link>
        <div className="ml-auto flex items-center gap-3">
          <OrgSwitcher />
          <ThemeSwitcher />
          <UserMenu />
        </div>
      </header>

      <div className="flex min-h-[calc(100dvh-3.5rem)]">
        {drawerOpen && <div className="fixed inset-0 z-40 bg-black/40 lg:hidden" aria-hidden="true" onClick={closeDrawer} />}
        <aside
          id="sidebar"
          aria-label="Sidebar"
          className={cx(
            // Scrolls on its own when the navigation is taller than the window (the admin sections are long).
            'fixed inset-y-0 left-0 z-50 w-64 overflow-y-auto border-r border-border bg-surface transition-transform',
            'lg:sticky lg:top-14 lg:z-auto lg:h-[calc(100dvh-3.5rem)] lg:w-60 lg:translate-x-0',
            drawerOpen ? 'translate-x-0' : '-translate-x-full max-lg:invisible',
          )}
        >
          <div className="flex h-14 items-center justify-between border-b border-border px-4 lg:hidden">
            <span className="text-sm font-semibold text-fg">Navigation</span>
            <button ref={closeButton} type="button" className={iconButton} aria-label="Close navigation" onClick={closeDrawer}>
              <CloseIcon />
            </button>
          </div>
          <SidebarNav onNavigate={() => setDrawerOpen(false)} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 focus:outline-none sm:px-6 lg:px-10 lg:py-8">
          <div className="mx-auto flex max-w-6xl flex-col gap-6">{children}</div>
        </main>
      </div>
    </>
  );
}
