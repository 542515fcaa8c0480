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
  { path: 'fleet/live', lazy: () => import('./telematics/live-page').then((m) => ({ Component: m.LivePage })) },
  { path: 'fleet/tracks', lazy: () => import('./telematics/tracks-page').then((m) => ({ Component: m.TracksPage })) },
  { path: 'fleet/trips', lazy: () => import('./telematics/trips-page').then((m) => ({ Component: m.TripsPage })) },
  { path: 'fleet/alerts', lazy: () => import('./telematics/alerts-page').then((m) => ({ Component: m.AlertsPage })) },
  { path: 'fleet/geofences', lazy: () => import('./telematics/geofences-page').then((m) => ({ Component: m.GeofencesPage })) },
  { path: 'fleet/overlap', lazy: () => import('./telematics/overlap-page').then((m) => ({ Component: m.OverlapPage })) },
];
