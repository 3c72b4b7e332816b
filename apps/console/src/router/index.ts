import { createRouter, createWebHistory } from 'vue-router';
import type { UserDto } from '@wachtpost/contracts';
import { useSessionStore } from '@/features/auth/session.store';
import { homeOf, isFacilities, isFacilitiesOnly, isManager, isResponderOnly } from './roles';

export { isResponderOnly } from './roles';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
    /** A BHV responder's page: mobile layout, no control-room shell. */
    responder?: boolean;
    /** Facilities pages (access log, badges, presence): roles facilities or admin. */
    facilities?: boolean;
    /** Admins only. */
    admin?: boolean;
    /** The incident register, follow-ups and evaluation: roles manager or admin. */
    manager?: boolean;
    /** The page's name for the document title (an i18n key). */
    title?: string;
    /** Also for BHV members (the roll call): in the console for the guard, bare on a phone. */
    bhv?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/features/auth/LoginPage.vue'), meta: { public: true } },
    { path: '/', name: 'control-room', component: () => import('@/features/control-room/ControlRoomPage.vue') },
    { path: '/quarantine', name: 'quarantine', component: () => import('@/features/quarantine/QuarantinePage.vue') },
    {
      path: '/respond/:alertId',
      name: 'respond',
      component: () => import('@/features/responder/ResponderPage.vue'),
      // No session needed: the signed link in the message (?token=) is enough.
      meta: { public: true, responder: true },
    },
    { path: '/my-alerts', name: 'my-alerts', component: () => import('@/features/responder/MyAlertsPage.vue'), meta: { responder: true } },
    { path: '/devices', name: 'devices', component: () => import('@/features/devices/DevicesPage.vue') },
    { path: '/access-log', name: 'access-log', component: () => import('@/features/access/AccessLogPage.vue'), meta: { facilities: true } },
    { path: '/badges', name: 'badges', component: () => import('@/features/access/BadgesPage.vue'), meta: { facilities: true } },
    { path: '/presence', name: 'presence', component: () => import('@/features/access/PresencePage.vue'), meta: { facilities: true } },
    { path: '/audit', name: 'audit', component: () => import('@/features/access/AuditPage.vue'), meta: { facilities: true, admin: true } },
    { path: '/incidents', name: 'incidents', component: () => import('@/features/follow-up/RegisterPage.vue'), meta: { manager: true, title: 'register.title' } },
    {
      path: '/incidents/:id/follow-up',
      name: 'follow-up',
      component: () => import('@/features/follow-up/FollowUpPage.vue'),
      meta: { manager: true, title: 'followUp.title' },
    },
    { path: '/evaluation', name: 'evaluation', component: () => import('@/features/evaluation/EvaluationPage.vue'), meta: { manager: true, title: 'evaluation.title' } },
    { path: '/roll-call/:id', name: 'roll-call', component: () => import('@/features/evacuation/RollCallPage.vue'), meta: { bhv: true } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});


router.beforeEach((to, from) => {
  const session = useSessionStore();
  if (!to.meta.public && !session.isAuthenticated) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  }
  const user: UserDto | null = session.user;
  const home = homeOf(user);
  if (to.name === 'login' && session.isAuthenticated) return { path: home };
  // A BHV member lands on their alerts; the control room stays the guard's.
  if (session.isAuthenticated && !to.meta.public && !to.meta.responder && !to.meta.bhv && isResponderOnly(user)) return { path: '/my-alerts' };
  if (!session.isAuthenticated) return true;
  // Facilities and admins land on the access log after login; facilities only never see the control room.
  if (to.name === 'control-room' && (isFacilitiesOnly(user) || (from.name === 'login' && home !== '/'))) return { path: home };
  if (to.meta.facilities && !isFacilities(user)) return { path: home };
  if (to.meta.admin && !user?.roles.includes('admin')) return { path: home };
  if (to.meta.manager && !isManager(user)) return { path: home };
  return true;
});
