import Foundation
import Statistics
import Testing

/// `a` equals `b` to `tolerance` relative (absolute near zero).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

@Suite("Statistics against reference libraries")
struct StatisticsTests {
    // INSTRUMENTS.md §5.3 (a): R's `sleep` data, paired by position; one zero difference and ties.
    static let sleepBefore = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    static let sleepAfter = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
    // INSTRUMENTS.md §5.3 (b): eight teachers' means, no ties, no zeros.
    static let cleanBefore = [5.25, 6.00, 4.75, 7.10, 5.50, 6.25, 4.90, 6.60]
    static let cleanAfter = [6.10, 6.45, 5.80, 7.00, 6.40, 7.00, 5.45, 7.25]

    @Test func cronbachAlphaOnTheHandCheckableCase() throws {
        // INSTRUMENTS.md §5.2: α = 187/201 exactly; psych 0.9303482587, pingouin 0.9303482587064675.
        let data: [[Double?]] = [[4, 5, 4, 5], [3, 3, 4, 3], [5, 5, 5, 4], [2, 3, 2, 2], [4, 4, 5, 5], [3, 2, 3, 3]]
        for policy in MissingDataPolicy.allCases {
            let alpha = try #require(CronbachAlpha(data, policy: policy))
            #expect(close(alpha.alpha, 187.0 / 201.0))
            #expect(alpha.n == 6 && alpha.k == 4)
        }
    }

    @Test func cronbachAlphaWithMissingAnswers() throws {
        // pingouin 0.7.0 `cronbach_alpha(df, nan_policy=…)` on this table (NaN = unanswered):
        // pairwise 0.6919831223628692, listwise 0.6258503401360543.
        let data: [[Double?]] = [[4, 5, 4, 5], [3, nil, 4, 3], [nil, nil, 5, 4], [2, 3, 2, nil],
                                 [5, 1, 5, 4], [3, 2, 3, 2], [4, 4, nil, 5]]
        let pairwise = try #require(CronbachAlpha(data, policy: .pairwise))
        let listwise = try #require(CronbachAlpha(data, policy: .listwise))
        #expect(close(pairwise.alpha, 0.6919831223628692))
        #expect(close(listwise.alpha, 0.6258503401360543))
        #expect(pairwise.n == 7 && listwise.n == 3)
    }

    @Test func pairedTOnTheCleanCase() throws {
        // SciPy 1.17.1 `ttest_rel`: t 5.074689670070947, p 0.0014395378943710074,
        // CI [0.3404477547600808, 0.9345522452399193]; mean d 0.6375, SD d 0.35531676008879726.
        let test = try #require(PairedTTest(before: Self.cleanBefore, after: Self.cleanAfter))
        #expect(test.n == 8 && test.df == 7)
        #expect(close(test.meanDifference, 0.6375))
        #expect(close(test.sdDifference, 0.35531676008879726))
        #expect(close(test.t, 5.074689670070947))
        #expect(close(test.p, 0.0014395378943710074))
        #expect(close(test.confidenceInterval.lowerBound, 0.3404477547600808))
        #expect(close(test.confidenceInterval.upperBound, 0.9345522452399193))
        // Lakens: d_z = t/√n = 1.794173739062245; g_z with exact J (0.8882029076727512) = 1.593590331905178.
        let effect = PairedEffectSize(test)
        #expect(close(effect.cohenDz, 1.794173739062245))
        #expect(close(try #require(PairedEffectSize.hedgesCorrection(df: 7)), 0.8882029076727512))
        #expect(close(try #require(effect.hedgesGz), 1.593590331905178))
        // The approximation J = 1 − 3/(4·7 − 1) = 0.8888888888888888.
        #expect(close(try #require(effect.hedgesGzApproximate), 1.794173739062245 * (1 - 3.0 / 27)))
    }

    @Test func smallSamplesGiveBothHedgesValuesOrNone() throws {
        // SciPy 1.17.1 `ttest_rel` and `scipy.special.gammaln` for J. Three pairs: t 2.645751311064591,
        // CI [-0.7306248501317127, 3.0639581834650462], d_z 1.527525231651947, g_z 0.8618138243044021 (exact J)
        // and 0.8728715609439697 (approximate J).
        let three = try #require(PairedTTest(before: [1, 2, 3], after: [2, 4, 3.5]))
        #expect(close(three.t, 2.645751311064591))
        #expect(close(three.confidenceInterval.lowerBound, -0.7306248501317127))
        #expect(close(three.confidenceInterval.upperBound, 3.0639581834650462))
        let effect = PairedEffectSize(three)
        #expect(close(try #require(effect.hedgesGz), 0.8618138243044021))
        #expect(close(try #require(effect.hedgesGzApproximate), 0.8728715609439697))
        #expect(close(try #require(PairedEffectSize.hedgesCorrection(df: 2)), 0.5641895835477564))
        // Two pairs (df = 1): both corrections are 0, so g_z is undefined, not 0; d_z is 2.1213203435596424.
        let two = PairedEffectSize(try #require(PairedTTest(before: [1, 2], after: [2, 4])))
        #expect(close(two.cohenDz, 2.1213203435596424))
        #expect(two.hedgesGz == nil && two.hedgesGzApproximate == nil)
        #expect(PairedEffectSize.hedgesCorrection(df: 1) == nil && PairedEffectSize.approximateHedgesCorrection(df: 1) == nil)
        // Differences that do not vary: no t-test at all.
        #expect(PairedTTest(before: [1, 2, 3], after: [2, 3, 4]) == nil)
    }

    @Test func pairedTOnTheSleepData() throws {
        // SciPy 1.17.1: t 4.062127683382037, p 0.002832890197384273 (R: t = 4.0621, p = 0.002833).
        let test = try #require(PairedTTest(before: Self.sleepBefore, after: Self.sleepAfter))
        #expect(close(test.t, 4.062127683382037))
        #expect(close(test.p, 0.002832890197384273))
        // R: CI [0.7001142, 2.4598858].
        #expect(close(test.confidenceInterval.lowerBound, 0.7001142, 1e-7))
    }

    @Test func wilcoxonExactWithoutTiesOrZeros() throws {
        // W⁺ 35, W⁻ 1; SciPy exact statistic 1, p 0.015625 (= 2·2/256); R V = 35.
        let test = try #require(WilcoxonSignedRank(before: Self.cleanBefore, after: Self.cleanAfter))
        #expect(test.method == .exact)
        #expect(test.wPlus == 35 && test.wMinus == 1 && test.statistic == 1)
        #expect(close(test.p, 0.015625))
    }

    @Test func wilcoxonWithAZeroAndTiesUsesTheCorrectedNormalApproximation() throws {
        // R `wilcox.test(paired=TRUE)`: V = 45, p = 0.009091; SciPy `method="approx", correction=True`:
        // statistic 0.0, p 0.009090698015925044. One zero difference is dropped.
        let test = try #require(WilcoxonSignedRank(before: Self.sleepBefore, after: Self.sleepAfter))
        #expect(test.method == .normalApproximation)
        #expect(test.zeros == 1 && test.n == 9)
        #expect(test.wPlus == 45 && test.statistic == 0)
        #expect(close(test.p, 0.009090698015925044))
    }

    @Test func wilcoxonWithTiesAndAZeroOverThirteenPairs() throws {
        // SciPy 1.17.1 `wilcoxon(d, method="approx", correction=True)`: statistic 5.0, p 0.002229532840136924;
        // `ttest_rel`: t 4.9770903720375195, p 0.0001655634524103037.
        let before: [Double] = [3, 4, 2, 5, 3, 4, 4, 2, 3, 5, 4, 3, 2, 4, 3, 5]
        let after: [Double] = [4, 5, 4, 5, 4, 6, 5, 3, 5, 6, 4, 5, 3, 5, 2, 7]
        let wilcoxon = try #require(WilcoxonSignedRank(before: before, after: after))
        #expect(wilcoxon.statistic == 5)
        #expect(wilcoxon.zeros == 2)
        #expect(close(wilcoxon.p, 0.002229532840136924))
        let t = try #require(PairedTTest(before: before, after: after))
        #expect(close(t.t, 4.9770903720375195))
        #expect(close(t.p, 0.0001655634524103037))
    }

    @Test func allZeroDifferencesGiveNoTest() {
        #expect(WilcoxonSignedRank(before: [1, 2, 3], after: [1, 2, 3]) == nil)
        #expect(PairedTTest(before: [1, 2, 3], after: [2, 3, 4]) == nil)
        // Equal changes of means of thirds differ only by floating-point noise: still no variation.
        #expect(PairedTTest(before: [7.0 / 3, 8.0 / 3, 2.0], after: [10.0 / 3, 11.0 / 3, 3.0]) == nil)
    }

    @Test func reliableChangeThresholdsFromTheTSESNorms() {
        // INSTRUMENTS.md §5.5: long form SD .94, α .94 → 0.638; short form SD .98, α .90 → 0.859.
        // Full precision from the formula in Python: 0.6382143540189611 and 0.8589920897650497.
        #expect(close(reliableChangeThreshold(sd: 0.94, reliability: 0.94), 0.6382143540189611))
        #expect(close(reliableChangeThreshold(sd: 0.98, reliability: 0.90), 0.8589920897650497))
    }

    @Test func distributionFunctions() {
        // SciPy: stats.t.sf(2.0, 5) * 2 = 0.10193947882985835; stats.norm.cdf(1.0) = 0.8413447460685429.
        #expect(close(Distributions.studentTTwoSided(2.0, df: 5), 0.10193947882985835))
        #expect(close(Distributions.normalCDF(1.0), 0.8413447460685429))
        // SciPy: stats.t.ppf(0.975, 7) = 2.364624251592784.
        #expect(close(Distributions.studentTQuantile(0.975, df: 7), 2.364624251592784, 1e-12))
    }
}

@Suite("Agreement statistics against scikit-learn and krippendorff")
struct AgreementStatisticsTests {
    // Reference values: scikit-learn 1.9.1 `cohen_kappa_score`, krippendorff 0.9.0 `alpha(level_of_measurement="nominal")`,
    // computed on these arrays with Python 3.11.7.
    static let a = [1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0, 0]
    static let b = [1, 0, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1]

    @Test func binaryUnits() throws {
        let kappa = try #require(CohenKappa(Self.a, Self.b))
        #expect(close(try #require(kappa.kappa), 0.595959595959596))
        #expect(close(try #require(KrippendorffAlpha.nominal([Self.a, Self.b])), 0.606060606060606))
    }

    @Test func threeCategories() throws {
        let kappa = try #require(CohenKappa([0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 2, 0], [0, 1, 2, 1, 1, 0, 2, 2, 1, 0, 2, 0]))
        #expect(close(try #require(kappa.kappa), 0.625))
    }

    @Test func threeRatersWithMissingRatings() throws {
        let ratings: [[Int?]] = [[1, 0, 1, nil, 0, 1, 1, 0, nil, 1],
                                 [1, 0, 0, 1, 0, 1, nil, 0, 1, 1],
                                 [nil, 0, 1, 1, 0, 1, 1, 1, 1, nil]]
        #expect(close(try #require(KrippendorffAlpha.nominal(ratings)), 0.6666666666666667))
    }

    @Test func nvivoWorkedExample() throws {
        // REFI-QDA.md §6.3: 1,000 characters, 50 coded by both, 150 by one user only, 800 by neither → 85%.
        // κ: 0.34782608695652173 when user A coded all 150, 0.3142857142857143 for a 75/75 split (scikit-learn).
        let first = Array(repeating: true, count: 200) + Array(repeating: false, count: 800)
        let second = Array(repeating: true, count: 50) + Array(repeating: false, count: 950)
        let allByA = try #require(CohenKappa(first, second))
        #expect(close(allByA.percentAgreement, 0.85))
        #expect(close(try #require(allByA.kappa), 0.34782608695652173))
        let splitA = Array(repeating: true, count: 125) + Array(repeating: false, count: 875)
        let splitB = Array(repeating: true, count: 50) + Array(repeating: false, count: 75)
            + Array(repeating: true, count: 75) + Array(repeating: false, count: 800)
        let split = try #require(CohenKappa(splitA, splitB))
        #expect(close(split.percentAgreement, 0.85))
        #expect(close(try #require(split.kappa), 0.3142857142857143))
    }
}
