import type { SVGProps } from 'react';

// Inline 20×20 stroke icons, so the portal loads no icon font or remote asset.
type IconProps = SVGProps<SVGSVGElement>;

function Icon({ children, ...props }: IconProps) {
  return (
    <svg
      viewBox="0 0 20 20"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

export const DashboardIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3" y="3" width="6" height="8" rx="1.5" />
    <rect x="11" y="3" width="6" height="5" rx="1.5" />
    <rect x="11" y="10" width="6" height="7" rx="1.5" />
    <rect x="3" y="13" width="6" height="4" rx="1.5" />
  </Icon>
);

export const MenuIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M3 5h14M3 10h14M3 15h14" />
  </Icon>
);

export const CloseIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5 5l10 10M15 5L5 15" />
  </Icon>
);

export const SunIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="10" cy="10" r="3.5" />
    <path d="M10 1.5v2M10 16.5v2M1.5 10h2M16.5 10h2M4 4l1.4 1.4M14.6 14.6L16 16M4 16l1.4-1.4M14.6 5.4L16 4" />
  </Icon>
);

export const MoonIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M16.5 12.5A7 7 0 017.5 3.5a7 7 0 109 9z" />
  </Icon>
);

export const SystemIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="2.5" y="3.5" width="15" height="10" rx="1.5" />
    <path d="M7 17h6M10 13.5V17" />
  </Icon>
);

/** The Sluice mark: a gate with water flowing through it. */
export const SluiceMark = (props: IconProps) => (
  <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false" {...props}>
    <rect width="24" height="24" rx="6" fill="var(--sl-accent)" />
    <path d="M7 5v9M17 5v9" stroke="var(--sl-accent-fg)" strokeWidth="2" strokeLinecap="round" />
    <path
      d="M4 16.5c2 0 2-1.5 4-1.5s2 1.5 4 1.5 2-1.5 4-1.5 2 1.5 4 1.5"
      stroke="var(--sl-accent-fg)"
      strokeWidth="1.8"
      fill="none"
      strokeLinecap="round"
    />
  </svg>
);

export const KeyIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="6.5" cy="13.5" r="3.5" />
    <path d="M9 11l7.5-7.5M14 6l2 2M12 8l1.5 1.5" />
  </Icon>
);

export const AuditIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10 2.5l6 2.5v4.5c0 4-2.6 6.7-6 8-3.4-1.3-6-4-6-8V5l6-2.5z" />
    <path d="M7.5 10l2 2 3.5-4" />
  </Icon>
);

export const TeamsIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="7" cy="7" r="2.5" />
    <circle cx="14" cy="8" r="2" />
    <path d="M2.5 16c.5-2.8 2.3-4.5 4.5-4.5s4 1.7 4.5 4.5M12 12.2c2.3-.5 4.7.8 5.5 3.8" />
  </Icon>
);

export const ModelsIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10 2.5l6.5 3.75v7.5L10 17.5l-6.5-3.75v-7.5L10 2.5z" />
    <path d="M3.5 6.25L10 10l6.5-3.75M10 10v7.5" />
  </Icon>
);

export const LogsIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3.5" y="2.5" width="13" height="15" rx="1.5" />
    <path d="M6.5 6.5h7M6.5 10h7M6.5 13.5h4" />
  </Icon>
);

export const ProvidersIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="3" y="3.5" width="14" height="5" rx="1.5" />
    <rect x="3" y="11.5" width="14" height="5" rx="1.5" />
    <path d="M6 6h.01M6 14h.01" />
  </Icon>
);

export const ShieldIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10 2.5l6 2.25v4.5c0 3.9-2.6 6.9-6 8.25-3.4-1.35-6-4.35-6-8.25v-4.5L10 2.5z" />
    <path d="M7.5 10l1.75 1.75L12.75 8" />
  </Icon>
);

export const SyncUsersIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="8" cy="7" r="2.5" />
    <path d="M3.5 15.5c.5-2.5 2.2-4 4.5-4 1.2 0 2.3.4 3 1.2M13 11.5h4M15 9.5l2 2-2 2M17 16h-4M15 14l-2 2 2 2" />
  </Icon>
);

export const BellIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5 13.5V9a5 5 0 0110 0v4.5l1.5 1.5h-13L5 13.5zM8.5 17a1.5 1.5 0 003 0" />
  </Icon>
);

export const ConfigFileIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5 2.5h6.5L15 6v11.5H5V2.5z" />
    <path d="M11.5 2.5V6H15M7.5 10h5M7.5 13h3" />
  </Icon>
);

export const RobotIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect x="4" y="6.5" width="12" height="9" rx="2" />
    <path d="M10 6.5V4M10 4h.01M7.5 10.5h.01M12.5 10.5h.01M8 13.5h4" />
  </Icon>
);

export const UserIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="10" cy="7" r="3" />
    <path d="M4 16.5c.7-3 3-4.75 6-4.75s5.3 1.75 6 4.75" />
  </Icon>
);

export const ChatIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M4 4.5h12a1.5 1.5 0 011.5 1.5v7a1.5 1.5 0 01-1.5 1.5H9l-4 3v-3H4A1.5 1.5 0 012.5 13V6A1.5 1.5 0 014 4.5z" />
    <path d="M6.5 8.5h7M6.5 11h4" />
  </Icon>
);

export const RouteIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="4.5" cy="10" r="2" />
    <circle cx="15.5" cy="4.5" r="2" />
    <circle cx="15.5" cy="15.5" r="2" />
    <path d="M6.5 10h3l4-5.5M9.5 10l4 5.5" />
  </Icon>
);

export const PriceTagIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10.5 2.5H17v6.5l-8 8-6.5-6.5 8-8z" />
    <circle cx="13.5" cy="6" r="1" />
  </Icon>
);

export const PolicyIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M10 3v14M6 17h8M4 6h12" />
    <path d="M4 6l-2 5a2.5 2.5 0 004 0L4 6zM16 6l-2 5a2.5 2.5 0 004 0l-2-5z" />
  </Icon>
);

export const ReportIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M5 2.5h7l3 3v12H5z" />
    <path d="M8 14v-2.5M10.5 14V9M13 14v-4" />
  </Icon>
);
