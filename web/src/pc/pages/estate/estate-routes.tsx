// Routes of the office-space module (办公用房), spread into the admin router.
import type { RouteObject } from 'react-router-dom';

export const estateRoutes: RouteObject[] = [
  { path: 'estate/space', lazy: () => import('./space/space-page').then((m) => ({ Component: m.SpacePage })) },
  { path: 'estate/map', lazy: () => import('./space/map-page').then((m) => ({ Component: m.MapPage })) },
  { path: 'estate/units', lazy: () => import('./space/units-page').then((m) => ({ Component: m.UnitsPage })) },
  { path: 'estate/idle', lazy: () => import('./space/idle-page').then((m) => ({ Component: m.IdlePage })) },
  { path: 'estate/findings', lazy: () => import('./space/findings-page').then((m) => ({ Component: m.FindingsPage })) },
  { path: 'estate/standards', lazy: () => import('./space/standards-page').then((m) => ({ Component: m.StandardsPage })) },
  { path: 'estate/assets', lazy: () => import('./assets/assets-page').then((m) => ({ Component: m.AssetsPage })) },
  { path: 'estate/assets/:id', lazy: () => import('./assets/asset-page').then((m) => ({ Component: m.AssetPage })) },
  { path: 'estate/applications', lazy: () => import('./assets/applications-page').then((m) => ({ Component: m.ApplicationsPage })) },
  { path: 'estate/applications/new', lazy: () => import('./assets/application-new-page').then((m) => ({ Component: m.ApplicationNewPage })) },
  { path: 'estate/applications/:id', lazy: () => import('./assets/application-page').then((m) => ({ Component: m.ApplicationPage })) },
  { path: 'estate/filings', lazy: () => import('./assets/filings-page').then((m) => ({ Component: m.FilingsPage })) },
  { path: 'estate/imports', lazy: () => import('./imports/imports-page').then((m) => ({ Component: m.ImportsPage })) },
];
