/* pb-demo.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PB_DEMO_ERROR (pb_demo_error_quark ())

/* Written in the data directory beside the school: [school] name and
 * referent, then one group per staff e-mail with password and role. */
#define PB_DEMO_ACCOUNTS_FILE "demo-accounts.ini"

typedef enum
{
  PB_DEMO_ERROR_FAILED,
  PB_DEMO_ERROR_NOT_EMPTY,   /* the data directory has files already */
} PbDemoError;

typedef struct
{
  const char *data_dir;
  guint       n_learners;
  guint64     seed;
} PbDemoOptions;

typedef struct
{
  guint  n_pupils;
  guint  n_divisions;
  guint  n_campaigns;
  guint  n_participations;
  guint  n_shared;
  guint  n_answers;
  guint  n_requests;
  double seconds;
} PbDemoReport;

#define PB_TYPE_DEMO (pb_demo_get_type ())

G_DECLARE_FINAL_TYPE (PbDemo, pb_demo, PB, DEMO, GObject)

GQuark              pb_demo_error_quark         (void);
PbDemo             *pb_demo_new                 (const PbDemoOptions  *options);
gboolean            pb_demo_build               (PbDemo               *self,
                                                 GError              **error);
guint               pb_demo_get_n_accounts      (PbDemo               *self);
void                pb_demo_get_account         (PbDemo               *self,
                                                 guint                 position,
                                                 const char          **email,
                                                 const char          **password,
                                                 const char          **role);
const PbDemoReport *pb_demo_get_report          (PbDemo               *self);

G_END_DECLS
