import { expect, it } from 'vitest';
import { slugify } from '../../src/content/slug.ts';

it.each([
  ['ARAB AND WORLD', 'arab-and-world'],
  ['Benjamin Netanyahu', 'benjamin-netanyahu'],
  ['  Fuel & power: Gaza’s grid  ', 'fuel-power-gaza-s-grid'],
  ['غزة', 'غزة'],
  ['المساعدات الإنسانية', 'المساعدات-الإنسانية'],
  ['Cafe\u0301', 'café'], // NFD input is normalized to NFC
  ['Ça va', 'ça-va'],
  ['COVID-19', 'covid-19'],
  ['!!!', ''],
])('slugifies %j as %j', (name, slug) => {
  expect(slugify(name)).toBe(slug);
});
