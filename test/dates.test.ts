import { describe, expect, test } from "vitest";
import { createDateFormat, isoDay, parseDateValue } from "../src/dates.ts";

describe("parseDateValue", () => {
  const zone = "America/Sao_Paulo";
  test.each([
    ["2024-01-31", "2024-01-31T03:00:00.000Z"],
    ["2024-1-31", "2024-01-31T03:00:00.000Z"],
    ["2008-01-29 11:03:32", "2008-01-29T13:03:32.000Z"],
    ["2019-09-29T11:00:00.000+00:00", "2019-09-29T11:00:00.000Z"],
    ["2024-01-31 10:00:00 -0300", "2024-01-31T13:00:00.000Z"],
    ["2024-01-31 10:00 +0000", "2024-01-31T10:00:00.000Z"],
    ["2024-01-31T10:00:00Z", "2024-01-31T10:00:00.000Z"],
  ])("%s", (value, iso) => {
    expect(parseDateValue(value, zone)?.toISOString()).toBe(iso);
  });
  test.each(["2022-02-30", "2022-13-01", "ontem", "31/01/2024", "2024-01-31 25:00"])("%s is not a date", (value) => {
    expect(parseDateValue(value, zone)).toBeUndefined();
  });
});

test("dates are shown in Portuguese, in the site's zone", () => {
  const format = createDateFormat("America/Sao_Paulo", "pt-BR");
  const late = new Date("2024-02-01T02:30:00Z"); // 23:30 on 31 January in São Paulo
  expect(format.long(late)).toBe("31 de janeiro de 2024");
  expect(isoDay(format.day(late))).toBe("2024-01-31");
});
