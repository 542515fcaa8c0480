// Routes of the official-vehicles module (公务用车), spread into the admin router.
import type { RouteObject } from 'react-router-dom';

export const fleetRoutes: RouteObject[] = [
  { path: 'fleet/vehicles', lazy: () => import('./archive/vehicles-page').then((m) => ({ Component: m.VehiclesPage })) },
  { path: 'fleet/vehicles/:id', lazy: () => import('./archive/vehicle-page').then((m) => ({ Component: m.VehiclePage })) },
  { path: 'fleet/quotas', lazy: () => import('./archive/quotas-page').then((m) => ({ Component: m.QuotasPage })) },
  { path: 'fleet/drivers', lazy: () => import('./archive/drivers-page').then((m) => ({ Component: m.DriversPage })) },
  { path: 'fleet/requests', lazy: () => import('./dispatch/requests-page').then((m) => ({ Component: m.RequestsPage })) },
  { path: 'fleet/requests/new', lazy: () => import('./dispatch/request-new-page').then((m) => ({ Component: m.RequestNewPage })) },
  { path: 'fleet/requests/:id', lazy: () => import('./dispatch/request-page').then((m) => ({ Component: m.RequestPage })) },
  { path: 'fleet/board', lazy: () => import('./dispatch/board-page').then((m) => ({ Component: m.BoardPage })) },
  { path: 'fleet/rentals', lazy: () => import('./dispatch/rentals-page').then((m) => ({ Component: m.RentalsPage })) },
  { path: 'fleet/providers', lazy: () => import('./costs/providers-page').then((m) => ({ Component: m.ProvidersPage })) },
  { path: 'fleet/transactions', lazy: () => import('./costs/transactions-page').then((m) => ({ Component: m.TransactionsPage })) },
  { path: 'fleet/analysis', lazy: () => import('./costs/analysis-page').then((m) => ({ Component: m.AnalysisPage })) },
];
