// A consultation's themes and areas: one zod schema per form, read by the actions (the authority) and by
// the browser before it posts. Shared with the browser, so no server code here.
import { z } from "zod";
import { publicValueDimensions } from "~/db/schema";
import { optionalText, optionalWholeNumber, trimmed } from "./consultation-forms";

export const themeSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter the theme's name")
    .max(120, "The theme's name must be 120 characters or fewer"),
  nameCy: optionalText(120, "The theme's Welsh name must be 120 characters or fewer").optional(),
  description: trimmed(1000, "The description must be 1,000 characters or fewer"),
  dimensions: z
    .array(z.enum(publicValueDimensions, { error: "Choose public-value dimensions from the list" }))
    .min(1, "Choose at least one public-value dimension this theme serves"),
});
export type ThemeInput = z.output<typeof themeSchema>;

const coordinate = (limit: number, message: string) =>
  z
    .string()
    .trim()
    .refine(
      (value) => value === "" || (Number.isFinite(Number(value)) && Math.abs(Number(value)) <= limit),
      message,
    )
    .transform((value) => (value === "" ? null : Number(Number(value).toFixed(5))));

export const areaSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Enter the area's name")
      .max(120, "The area's name must be 120 characters or fewer"),
    nameCy: optionalText(120, "The area's Welsh name must be 120 characters or fewer").optional(),
    lat: coordinate(90, "The latitude must be a number between -90 and 90, like 52.4862"),
    lng: coordinate(180, "The longitude must be a number between -180 and 180, like -1.8904"),
    population: optionalWholeNumber("Enter the population as a whole number, like 8100"),
  })
  .superRefine((value, ctx) => {
    if ((value.lat === null) !== (value.lng === null)) {
      ctx.addIssue({
        code: "custom",
        path: [value.lat === null ? "lat" : "lng"],
        message: "Enter both the latitude and the longitude of the centre, or neither",
      });
    }
  });
export type AreaInput = z.output<typeof areaSchema>;
