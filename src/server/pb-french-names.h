/* pb-french-names.h
 *
 * Realistic French names for generated people: the simulator's learners
 * and the demo's SIECLE pupils. The draws come from a GRand the caller
 * seeds, so the same seed always gives the same names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The values are SIECLE's CODE_SEXE. */
typedef enum
{
  PB_FRENCH_SEX_MALE = 1,
  PB_FRENCH_SEX_FEMALE = 2,
} PbFrenchSex;

/* The strings are static: they live as long as the program. */
typedef struct
{
  PbFrenchSex  sex;
  const char  *first_name;
  const char  *last_name;
} PbFrenchName;

guint        pb_french_names_get_n_first_names (PbFrenchSex   sex);
const char  *pb_french_names_get_first_name    (PbFrenchSex   sex,
                                                guint         position);
guint        pb_french_names_get_n_last_names  (void);
const char  *pb_french_names_get_last_name     (guint         position);

PbFrenchSex  pb_french_names_pick_sex          (GRand        *rand);
const char  *pb_french_names_pick_first_name   (GRand        *rand,
                                                PbFrenchSex   sex);
const char  *pb_french_names_pick_last_name    (GRand        *rand);
void         pb_french_names_pick              (GRand        *rand,
                                                PbFrenchName *name);

G_END_DECLS
