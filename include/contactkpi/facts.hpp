// SPDX-License-Identifier: MIT
// contactkpi/facts.hpp: a compact, columnar form of the contact fields the additive KPIs use.
//
// A `Contact` is about 250 bytes with six strings; service level, abandon rate, transfer rate,
// AHT and CCQS read five small values from it. `ContactFacts` keeps exactly those, one column
// each (struct of arrays), 26 bytes per contact:
//
// | column      | type           | meaning                                                  |
// |-------------|----------------|----------------------------------------------------------|
// | `flags`     | `std::uint8_t` | `FactBits`: inbound, answered, abandoned, transferred,   |
// |             |                | handled (answered and not abandoned), evaluated (has QA) |
// | `channel`   | `std::uint8_t` | `Channel` as its integer value                           |
// | `wait_us`   | `std::int64_t` | `Contact::wait()` in microseconds                        |
// | `handle_us` | `std::int64_t` | `Contact::handle_time()` (talk + hold + acw), µs         |
// | `qa_score`  | `double`       | qa_score, or 0.0 when not evaluated                      |
//
// The accumulators of service_level.hpp, abandon_rate.hpp, transfer_rate.hpp, handle_time.hpp
// and quality.hpp take a `ContactFactsView` in `add()`: one branch-free loop per accumulator
// that the compiler vectorises. The result is bit-identical to adding the same contacts one by
// one with `add(const Contact&)`, in the same order: counts and µs sums are integers, and the
// double sums (AHT Σx², CCQS Σx and Σx²) are added in record order, adding +0.0 for records a
// KPI skips. x + 0.0 == x for every x but −0.0, and these sums start at +0.0, so they never
// become −0.0.
//
// For the best cache use, feed all accumulators block by block (a few thousand records) rather
// than one whole column after the other; `ContactFactsView::slice` makes the blocks.
//
// Example:
//
//     contactkpi::ContactFacts facts;
//     facts.reserve(contacts.size());
//     for (const auto& c : contacts) facts.push_back(c);
//     contactkpi::ServiceLevelAccumulator sl;
//     contactkpi::AhtAccumulator aht;
//     for (const auto& block : facts.view().blocks(4096)) {
//       sl.add(block);
//       aht.add(block);
//     }
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "contactkpi/types.hpp"

namespace contactkpi {

/// The bits of `ContactFact::flags` (terms of SPEC §2, as `Contact`'s member functions).
struct FactBits {
  static constexpr std::uint8_t inbound = 1U << 0U;      ///< direction == inbound
  static constexpr std::uint8_t answered = 1U << 1U;     ///< answered_at is set
  static constexpr std::uint8_t abandoned = 1U << 2U;    ///< abandoned == true
  static constexpr std::uint8_t transferred = 1U << 3U;  ///< transferred == true
  static constexpr std::uint8_t handled = 1U << 4U;      ///< answered and not abandoned
  static constexpr std::uint8_t evaluated = 1U << 5U;    ///< qa_score is set
};

/// The additive-KPI fields of one contact (one row of `ContactFacts`).
///
/// Build it with `from(contact)`, or directly from parsed fields when loading a file
/// (no `Contact` needed): `flags` from `FactBits`, `wait_us` = (answered_at or ended_at) −
/// arrived_at, `handle_us` = talk + hold + acw, `qa_score` = 0.0 when not evaluated.
struct ContactFact {
  std::uint8_t flags = 0;
  std::uint8_t channel = 0;
  std::int64_t wait_us = 0;
  std::int64_t handle_us = 0;
  double qa_score = 0.0;

  /// The facts of `contact`. O(1), no allocation.
  ///
  /// Example:
  ///
  ///     auto f = contactkpi::ContactFact::from(contact);
  ///     bool handled = (f.flags & contactkpi::FactBits::handled) != 0;
  [[nodiscard]] static ContactFact from(const ContactView& contact) noexcept {
    ContactFact f;
    const bool answered = contact.answered_at.has_value();
    f.flags = static_cast<std::uint8_t>((contact.is_inbound() ? FactBits::inbound : 0U) |
                                        (answered ? FactBits::answered : 0U) |
                                        (contact.abandoned ? FactBits::abandoned : 0U) |
                                        (contact.transferred ? FactBits::transferred : 0U) |
                                        (contact.is_handled() ? FactBits::handled : 0U) |
                                        (contact.qa_score.has_value() ? FactBits::evaluated : 0U));
    f.channel = static_cast<std::uint8_t>(contact.channel);
    f.wait_us = contact.wait().count();
    f.handle_us = contact.handle_time().count();
    f.qa_score = contact.qa_score.value_or(0.0);
    return f;
  }
  friend bool operator==(const ContactFact&, const ContactFact&) = default;
};

/// A read-only view of equally long fact columns (see the table at the top of this file).
///
/// Precondition: every span has `size()` elements. Views are cheap to copy (five spans).
struct ContactFactsView {
  std::span<const std::uint8_t> flags{};
  std::span<const std::uint8_t> channel{};
  std::span<const std::int64_t> wait_us{};
  std::span<const std::int64_t> handle_us{};
  std::span<const double> qa_score{};

  [[nodiscard]] constexpr std::size_t size() const noexcept { return flags.size(); }
  [[nodiscard]] constexpr bool empty() const noexcept { return flags.empty(); }

  /// Rows [offset, offset + count), clipped to the view; empty when offset ≥ size().
  [[nodiscard]] constexpr ContactFactsView slice(std::size_t offset,
                                                 std::size_t count) const noexcept {
    const std::size_t first = std::min(offset, size());
    const std::size_t n = std::min(count, size() - first);
    return {flags.subspan(first, n), channel.subspan(first, n), wait_us.subspan(first, n),
            handle_us.subspan(first, n), qa_score.subspan(first, n)};
  }

  /// Row `i` as a `ContactFact`. Precondition: i < size().
  [[nodiscard]] constexpr ContactFact operator[](std::size_t i) const noexcept {
    return {flags[i], channel[i], wait_us[i], handle_us[i], qa_score[i]};
  }

  /// The view cut into consecutive blocks of `block_size` rows (the last may be shorter),
  /// for feeding several accumulators while a block is in cache. A block_size of 0 is 1.
  [[nodiscard]] std::vector<ContactFactsView> blocks(std::size_t block_size) const {
    const std::size_t step = std::max<std::size_t>(block_size, 1);
    std::vector<ContactFactsView> out;
    out.reserve(size() / step + 1);
    for (std::size_t i = 0; i < size(); i += step) out.push_back(slice(i, step));
    return out;
  }
};

/// Owning columns of contact facts, filled one contact (or one parsed row) at a time.
///
/// 26 bytes per contact. `push_back` is amortised O(1); it allocates only when a column grows.
///
/// Example:
///
///     contactkpi::ContactFacts facts;
///     for (const auto& c : contacts) facts.push_back(c);
///     contactkpi::TransferRateAccumulator tr;
///     tr.add(facts.view());
class ContactFacts {
 public:
  ContactFacts() = default;

  void reserve(std::size_t n) {
    flags_.reserve(n);
    channel_.reserve(n);
    wait_us_.reserve(n);
    handle_us_.reserve(n);
    qa_score_.reserve(n);
  }
  void push_back(const ContactFact& fact) {
    flags_.push_back(fact.flags);
    channel_.push_back(fact.channel);
    wait_us_.push_back(fact.wait_us);
    handle_us_.push_back(fact.handle_us);
    qa_score_.push_back(fact.qa_score);
  }
  void push_back(const Contact& contact) { push_back(ContactFact::from(contact)); }
  /// Appends every row of `other` (e.g. to merge per-thread columns).
  void append(const ContactFactsView& other) {
    flags_.insert(flags_.end(), other.flags.begin(), other.flags.end());
    channel_.insert(channel_.end(), other.channel.begin(), other.channel.end());
    wait_us_.insert(wait_us_.end(), other.wait_us.begin(), other.wait_us.end());
    handle_us_.insert(handle_us_.end(), other.handle_us.begin(), other.handle_us.end());
    qa_score_.insert(qa_score_.end(), other.qa_score.begin(), other.qa_score.end());
  }
  void clear() noexcept {
    flags_.clear();
    channel_.clear();
    wait_us_.clear();
    handle_us_.clear();
    qa_score_.clear();
  }

  [[nodiscard]] std::size_t size() const noexcept { return flags_.size(); }
  [[nodiscard]] bool empty() const noexcept { return flags_.empty(); }
  [[nodiscard]] ContactFactsView view() const noexcept {
    return {flags_, channel_, wait_us_, handle_us_, qa_score_};
  }
  [[nodiscard]] ContactFact operator[](std::size_t i) const noexcept { return view()[i]; }

 private:
  std::vector<std::uint8_t> flags_;
  std::vector<std::uint8_t> channel_;
  std::vector<std::int64_t> wait_us_;
  std::vector<std::int64_t> handle_us_;
  std::vector<double> qa_score_;
};

}  // namespace contactkpi
