// Routes of the admin web. Pages load on demand; the server answers index.html for every non-/api path.
import { createBrowserRouter, redirect, type RouteObject } from 'react-router-dom';
import { setNavigator } from '../api/session';
import { phoneRedirectLoader } from '../mobile/phone';
import { AppLayout, FullPageSpin, HomeRedirect } from './app-layout';
import { ForbiddenPage, NotFoundPage, RouteErrorPage } from './pages/errors/error-pages';
import { estateRoutes } from './pages/estate/estate-routes';
import { fleetRoutes } from './pages/fleet/fleet-routes';

const pages: RouteObject[] = [
  {
    path: 'system/regions',
    lazy: () => import('./pages/system/regions-page').then((m) => ({ Component: m.RegionsPage })),
  },
  {
    path: 'org/units',
    lazy: () => import('./pages/org/org-units-page').then((m) => ({ Component: m.OrgUnitsPage })),
  },
  {
    path: 'org/persons',
    lazy: () => import('./pages/org/persons-page').then((m) => ({ Component: m.PersonsPage })),
  },
  {
    path: 'system/users',
    lazy: () => import('./pages/system/users-page').then((m) => ({ Component: m.UsersPage })),
  },
  {
    path: 'system/calendar',
    lazy: () => import('./pages/system/calendar/calendar-page').then((m) => ({ Component: m.CalendarPage })),
  },
  {
    path: 'system/roles',
    lazy: () => import('./pages/system/roles-page').then((m) => ({ Component: m.RolesPage })),
  },
  {
    path: 'security/accounts',
    lazy: () => import('./pages/security/accounts-page').then((m) => ({ Component: m.AccountsPage })),
  },
  {
    path: 'security/sessions',
    lazy: () => import('./pages/security/sessions-page').then((m) => ({ Component: m.SessionsPage })),
  },
  {
    path: 'security/login-log',
    lazy: () => import('./pages/security/login-log-page').then((m) => ({ Component: m.LoginLogPage })),
  },
  {
    path: 'audit/logs',
    lazy: () => import('./pages/audit/audit-logs-page').then((m) => ({ Component: m.AuditLogsPage })),
  },
  {
    path: 'profile',
    lazy: () => import('./pages/profile/profile-page').then((m) => ({ Component: m.ProfilePage })),
  },
  {
    path: 'profile/password',
    lazy: () => import('./pages/profile/change-password-page').then((m) => ({ Component: m.ChangePasswordPage })),
  },
  {
    path: 'workflow/inbox',
    loader: phoneRedirectLoader,
    lazy: () => import('./pages/workflow/inbox-page').then((m) => ({ Component: m.InboxPage })),
  },
  {
    path: 'workflow/monitor',
    lazy: () => import('./pages/workflow/monitor-page').then((m) => ({ Component: m.MonitorPage })),
  },
  {
    path: 'workflow/instances/:id',
    loader: phoneRedirectLoader,
    lazy: () => import('./pages/workflow/instance-page').then((m) => ({ Component: m.InstancePage })),
  },
  {
    path: 'workflow/definitions',
    lazy: () => import('./pages/workflow/designer/definitions-page').then((m) => ({ Component: m.DefinitionsPage })),
  },
  {
    path: 'workflow/definitions/:type',
    lazy: () => import('./pages/workflow/designer/designer-page').then((m) => ({ Component: m.DesignerPage })),
  },
  {
    path: 'system/jobs',
    lazy: () => import('./pages/system/jobs-page').then((m) => ({ Component: m.JobsPage })),
  },
  {
    path: 'system/account-requests',
    lazy: () => import('./pages/system/account-requests/account-requests-page').then((m) => ({ Component: m.AccountRequestsPage })),
  },
  {
    path: 'system/account-requests/:id',
    lazy: () => import('./pages/system/account-requests/account-request-page').then((m) => ({ Component: m.AccountRequestPage })),
  },
  {
    path: 'messages',
    lazy: () => import('./pages/messages/messages-page').then((m) => ({ Component: m.MessagesPage })),
  },
  ...estateRoutes,
  ...fleetRoutes,
];

/** Phone (H5) pages: their own shell, signed in the same way (the shell loads /api/me; a 401 goes to /login). */
const mobilePages: RouteObject[] = [
  { index: true, loader: () => redirect('/m/workflow') },
  {
    path: 'workflow',
    lazy: () => import('../mobile/workflow/workflow-list-page').then((m) => ({ Component: m.MobileWorkflowListPage })),
  },
  {
    path: 'workflow/instances/:id',
    lazy: () => import('../mobile/workflow/instance-page').then((m) => ({ Component: m.MobileInstancePage })),
  },
  {
    path: 'fleet',
    lazy: () => import('../mobile/fleet/driver-tasks-page').then((m) => ({ Component: m.DriverTasksPage })),
  },
  { path: '*', loader: () => redirect('/m/workflow') },
];

export const routes: RouteObject[] = [
  {
    path: '/m',
    lazy: () => import('../mobile/mobile-shell').then((m) => ({ Component: m.MobileShell })),
    HydrateFallback: FullPageSpin,
    errorElement: <RouteErrorPage />,
    children: mobilePages,
  },
  {
    path: '/login',
    lazy: () => import('./pages/login/login-page').then((m) => ({ Component: m.LoginPage })),
    HydrateFallback: FullPageSpin,
    errorElement: <RouteErrorPage />,
  },
  {
    path: '/',
    element: <AppLayout />,
    HydrateFallback: FullPageSpin,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomeRedirect /> },
      ...pages,
      { path: '403', element: <ForbiddenPage /> },
      { path: '404', element: <NotFoundPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  const router = createBrowserRouter(routes, {
    future: { v7_relativeSplatPath: true, v7_fetcherPersist: true, v7_normalizeFormMethod: true, v7_partialHydration: true, v7_skipActionErrorRevalidation: true },
  });
  setNavigator((to, options) => void router.navigate(to, { replace: options?.replace }));
  return router;
}
