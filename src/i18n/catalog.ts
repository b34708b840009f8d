// The shape of the message catalog: each area file in ./messages holds one AreaCatalog, { en, zh }.
export type Messages = Record<string, string>;
export interface AreaCatalog {
  en: Messages;
  zh: Messages;
}
