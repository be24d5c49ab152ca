/* pb-server-address.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PB_SERVER_ADDRESS_ERROR (pb_server_address_error_quark ())

typedef enum
{
  PB_SERVER_ADDRESS_ERROR_EMPTY,
  PB_SERVER_ADDRESS_ERROR_INVALID,
  PB_SERVER_ADDRESS_ERROR_SCHEME,
} PbServerAddressError;

GQuark  pb_server_address_error_quark (void);
char   *pb_server_address_normalize   (const char  *text,
                                       GError     **error);

G_END_DECLS
