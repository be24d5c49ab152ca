/* pb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pb-account.h"
#include "pb-demo-host.h"

G_BEGIN_DECLS

#define PB_TYPE_APPLICATION (pb_application_get_type ())

G_DECLARE_FINAL_TYPE (PbApplication, pb_application, PB, APPLICATION, AdwApplication)

void           pb_application_setup_i18n        (void);
PbApplication *pb_application_new               (void);
GSettings     *pb_application_get_settings      (PbApplication        *self);
PbAccount     *pb_application_get_account       (PbApplication        *self);
PbDemoHost    *pb_application_get_demo_host     (PbApplication        *self);
void           pb_application_set_data_dir      (PbApplication        *self,
                                                 const char           *data_dir);

void           pb_application_sign_in_async     (PbApplication        *self,
                                                 const char           *server_url,
                                                 const char           *email,
                                                 const char           *password,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       pb_application_sign_in_finish    (PbApplication        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void           pb_application_start_demo_async  (PbApplication        *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       pb_application_start_demo_finish (PbApplication        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void           pb_application_sign_out_async    (PbApplication        *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       pb_application_sign_out_finish   (PbApplication        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
