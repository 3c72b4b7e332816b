import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { configureHttp } from './api/http';
import { useSessionStore } from './features/auth/session.store';
import { i18n } from './i18n';
import { router } from './router';
import './styles/theme.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);

const session = useSessionStore(pinia);
configureHttp({
  getToken: () => session.token,
  // A 401 on any authenticated call: the token is no good any more.
  onUnauthorized: () => session.end('unauthorized'),
});

// Whenever the session ends (logout, expiry, 401), go to the login page.
watch(
  () => session.isAuthenticated,
  (signedIn) => {
    const current = router.currentRoute.value;
    if (!signedIn && !current.meta.public) {
      void router.replace({ name: 'login', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} });
    }
  },
);

app.use(router);
app.mount('#app');

// The responders' service worker (Web Push): production builds only, where supported. It has no
// fetch handler, so the guard's console loads exactly as without it.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
  });
}
