// SPDX-License-Identifier: MIT
// contactkpi/contactkpi.hpp: the umbrella header. Includes every KPI, banding and the report
// engine; the loaders (contactkpi/io/loader.hpp, target contactkpi::io) are separate.
#pragma once

#include "contactkpi/abandon_rate.hpp"
#include "contactkpi/banding.hpp"
#include "contactkpi/contact_rate.hpp"
#include "contactkpi/facts.hpp"
#include "contactkpi/fcr.hpp"
#include "contactkpi/handle_time.hpp"
#include "contactkpi/kpi_id.hpp"
#include "contactkpi/quality.hpp"
#include "contactkpi/report.hpp"
#include "contactkpi/result.hpp"
#include "contactkpi/scorecard.hpp"
#include "contactkpi/service_level.hpp"
#include "contactkpi/survey.hpp"
#include "contactkpi/transfer_rate.hpp"
#include "contactkpi/types.hpp"
