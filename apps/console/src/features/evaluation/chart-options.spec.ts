import { barChartHeight, barOption } from './chart-options';

describe('bar chart options', () => {
  it('draws one series without a legend, and compares two with one', () => {
    const one = barOption(['Bedreiging', 'Vernieling'], [{ name: 'Aantal', values: [3, 1] }]);
    expect(one.legend).toMatchObject({ show: false });
    expect(one.series).toEqual([expect.objectContaining({ type: 'bar', name: 'Aantal', data: [3, 1] })]);
    const two = barOption(['a'], [{ name: 'Aantal', values: [1] }, { name: 'Vorige periode', values: [2] }]);
    expect(two.legend).toMatchObject({ show: true });
    expect(two.series).toHaveLength(2);
  });

  it('puts long labels on the vertical axis, first on top, when horizontal', () => {
    const option = barOption(['Spreekkamer B0.12', 'Publieksbalie'], [{ name: 'Aantal', values: [2, 1] }], true);
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['Spreekkamer B0.12', 'Publieksbalie'] });
    expect(option.xAxis).toMatchObject({ type: 'value', minInterval: 1 });
    expect(barOption(['ma'], [{ name: 'Aantal', values: [1] }]).xAxis).toMatchObject({ type: 'category', inverse: false });
  });

  it('gives a horizontal chart room for every bar', () => {
    expect(barChartHeight(2, true)).toBe(160);
    expect(barChartHeight(14, true)).toBe(40 + 14 * 28);
    expect(barChartHeight(24, false)).toBe(240);
  });
});
