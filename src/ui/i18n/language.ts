// The UI language: `?lang=en|vi` wins, then the saved choice, then Vietnamese.
import { useSyncExternalStore } from 'react';
import { Store } from '../../editor/store';
import { LANGS, MESSAGES, type Lang, type Messages } from './messages';

const STORAGE_KEY = 'diagioi.lang';

function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return isLang(saved) ? saved : 'vi';
}

export const language = new Store<Lang>(initialLang());
document.documentElement.lang = language.get();

export function setLanguage(lang: Lang): void {
  window.localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  // Drop ?lang from the address so the explicit choice is what a reload shows.
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.delete('lang');
    window.history.replaceState(null, '', url);
  }
  language.set(lang);
}

export function useLang(): Lang {
  return useSyncExternalStore(language.subscribe, language.get);
}

export function useT(): Messages {
  return MESSAGES[useLang()];
}
