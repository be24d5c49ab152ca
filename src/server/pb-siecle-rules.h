/* pb-siecle-rules.h
 *
 * The checks of pix-domain §7.1 on one learner, shared by the SIECLE XML
 * reader and the CSV readers that reuse its codes. Internal to the learner
 * import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pb-learner-import.h"

G_BEGIN_DECLS

/* Where one learner field is read from in a format */
typedef struct
{
  const char *name;     /* XML element or CSV column label */
  gsize       offset;   /* of the char * member of PbLearnerRecord */
  const char *missing;  /* issue code when the value is absent; NULL if optional */
} PbSiecleField;

/* The fields of one format; those it lacks are not checked */
typedef struct
{
  const PbSiecleField *fields;
  gsize                n_fields;
  gboolean             sex_letters;  /* M and F accepted besides 1 and 2 */
} PbSiecleLayout;

#define PB_SIECLE_OFFSET(member) G_STRUCT_OFFSET (PbLearnerRecord, member)

char                *pb_siecle_value_normalize (const char           *raw);
char               **pb_siecle_field_slot      (PbLearnerRecord      *record,
                                                const PbSiecleField  *field);
const PbSiecleField *pb_siecle_layout_find     (const PbSiecleLayout *layout,
                                                gsize                 offset);
gboolean             pb_siecle_is_france       (const char           *country_code);
void                 pb_siecle_add_issue       (GPtrArray            *issues,
                                                const PbLearnerRecord *record,
                                                const char           *code,
                                                const char           *field,
                                                const char           *format,
                                                ...) G_GNUC_PRINTF (5, 6);
gboolean             pb_siecle_check_unique    (GHashTable           *seen,
                                                const char           *key,
                                                PbLearnerRecord      *record,
                                                const char           *code,
                                                const char           *field,
                                                GPtrArray            *errors);
void                 pb_siecle_check_record    (const PbSiecleLayout *layout,
                                                PbLearnerRecord      *record,
                                                GHashTable           *seen_ines,
                                                GPtrArray            *errors);

G_END_DECLS
